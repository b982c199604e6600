using Orchestrator.Hocon;
using Xunit;

namespace Orchestrator.Hocon.Tests;

public sealed class IncludeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Include_merges_the_file_in_place_and_later_fields_override_it()
    {
        _dir.Write("defaults.conf", "a = 1\nb { x = 1, y = 1 }");
        var main = _dir.Write("main.conf", "a = 0\ninclude \"defaults.conf\"\nb.y = 2\nc = 3");

        var config = Config.ParseFile(main);

        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal(1, config.GetInt("b.x"));
        Assert.Equal(2, config.GetInt("b.y"));
        Assert.Equal(3, config.GetInt("c"));
    }

    [Fact]
    public void Included_definitions_merge_exactly_like_definitions_written_in_place()
    {
        _dir.Write("override.conf", "a = 1\na { x = 1 }\nb = [2]\nb = ${b} [3]");
        var main = _dir.Write("main.conf", "a { y = 2 }\nb = [1]\ninclude \"override.conf\"");

        var config = Config.ParseFile(main);

        Assert.Equal(1, config.GetInt("a.x"));
        Assert.False(config.HasPath("a.y"));
        Assert.Equal(["2", "3"], config.GetStringList("b"));
    }

    [Fact]
    public void Include_paths_are_relative_to_the_including_file()
    {
        _dir.Write("conf/sub/leaf.conf", "leaf = true");
        _dir.Write("conf/middle.conf", "include \"sub/leaf.conf\"\nmiddle = true");
        var main = _dir.Write("main.conf", "include \"conf/middle.conf\"");

        var config = Config.ParseFile(main);

        Assert.True(config.GetBoolean("leaf"));
        Assert.True(config.GetBoolean("middle"));
    }

    [Fact]
    public void Include_inside_an_object_nests_the_file_and_fixes_up_its_substitutions()
    {
        _dir.Write("foo.conf", "x = 10\ny = ${x}");
        var main = _dir.Write("main.conf", "a { include \"foo.conf\" }\na { x = 42 }\nroot = ${a.y}");

        var config = Config.ParseFile(main);

        Assert.Equal(42, config.GetInt("a.x"));
        Assert.Equal(42, config.GetInt("a.y"));
        Assert.Equal(42, config.GetInt("root"));
        Assert.False(config.HasPath("x"));
    }

    [Fact]
    public void Included_substitution_falls_back_to_the_root_path()
    {
        _dir.Write("part.conf", "port = ${base-port}");
        var main = _dir.Write("main.conf", "base-port = 8080\nservice { include \"part.conf\" }");

        Assert.Equal(8080, Config.ParseFile(main).GetInt("service.port"));
    }

    [Fact]
    public void Missing_include_is_ignored_but_a_required_one_is_an_error()
    {
        var lenient = _dir.Write("lenient.conf", "include \"nope.conf\"\na = 1");
        var strict = _dir.Write("strict.conf", "a = 1\ninclude required(\"nope.conf\")");

        Assert.Equal(1, Config.ParseFile(lenient).GetInt("a"));
        var error = Assert.Throws<ParseException>(() => Config.ParseFile(strict));
        Assert.Equal(2, error.Line);
        Assert.Contains("nope.conf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_and_required_file_forms_are_supported()
    {
        _dir.Write("one.conf", "one = 1");
        _dir.Write("two.conf", "two = 2");
        var main = _dir.Write("main.conf", "include file(\"one.conf\")\ninclude required( file( \"two.conf\" ) )");

        var config = Config.ParseFile(main);

        Assert.Equal(1, config.GetInt("one"));
        Assert.Equal(2, config.GetInt("two"));
    }

    [Fact]
    public void Include_without_extension_finds_the_conf_file()
    {
        _dir.Write("base.conf", "a = 1");
        var main = _dir.Write("main.conf", "include \"base\"");

        Assert.Equal(1, Config.ParseFile(main).GetInt("a"));
    }

    [Fact]
    public void Include_in_a_string_resolves_against_the_base_directory()
    {
        _dir.Write("base.conf", "a = 1");

        var config = Config.ParseString("include \"base.conf\"", new HoconParseOptions { BaseDirectory = _dir.Path });

        Assert.Equal(1, config.GetInt("a"));
    }

    [Fact]
    public void Include_cycle_is_an_error_naming_the_chain()
    {
        _dir.Write("a.conf", "a = 1\ninclude \"b.conf\"");
        _dir.Write("b.conf", "b = 1\ninclude \"a.conf\"");

        var error = Assert.Throws<ParseException>(() => Config.ParseFile(Path.Combine(_dir.Path, "a.conf")));

        Assert.Contains("include cycle", error.Message, StringComparison.Ordinal);
        Assert.Contains("b.conf", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("b.conf", error.Position!.Value.Source, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Self_include_is_a_cycle()
    {
        var main = _dir.Write("self.conf", "include \"self.conf\"");

        Assert.Contains("include cycle", Assert.Throws<ParseException>(() => Config.ParseFile(main)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_in_an_included_file_name_that_file()
    {
        _dir.Write("broken.conf", "ok = 1\nbad = [1, 2");
        var main = _dir.Write("main.conf", "include \"broken.conf\"");

        var error = Assert.Throws<ParseException>(() => Config.ParseFile(main));

        Assert.EndsWith("broken.conf", error.Position!.Value.Source, StringComparison.Ordinal);
        Assert.Contains("missing ']'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Included_file_must_hold_an_object()
    {
        _dir.Write("array.conf", "[1, 2]");
        var main = _dir.Write("main.conf", "include \"array.conf\"");

        Assert.Contains("not an array", Assert.Throws<ParseException>(() => Config.ParseFile(main)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("include classpath(\"x.conf\")", "not supported")]
    [InlineData("include url(\"http://x/y.conf\")", "not supported")]
    [InlineData("include x.conf", "must be followed by a quoted file name")]
    [InlineData("include = 1", "must be followed by a quoted file name")]
    public void Malformed_or_unsupported_include_is_an_error(string text, string expected)
    {
        var error = Assert.Throws<ParseException>(() => Config.ParseString(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_is_an_ordinary_word_elsewhere()
    {
        var config = Config.ParseString("foo include = 42\nbar = include\n\"include\" = 1\nincludes = 2");

        Assert.Equal(42, config.GetInt("\"foo include\""));
        Assert.Equal("include", config.GetString("bar"));
        Assert.Equal(1, config.GetInt("include"));
        Assert.Equal(2, config.GetInt("includes"));
    }
}
