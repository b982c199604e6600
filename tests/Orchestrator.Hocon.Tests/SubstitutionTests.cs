using Orchestrator.Hocon;
using Xunit;

namespace Orchestrator.Hocon.Tests;

public class SubstitutionTests
{
    private static readonly HoconParseOptions NoEnvironment = new() { EnvironmentVariables = _ => null };

    private static Config Parse(string text) => Config.ParseString(text, NoEnvironment);

    [Fact]
    public void Substitution_looks_forward_and_keeps_the_type()
    {
        var config = Parse("a = ${b}\nb = 42\nc = ${d}\nd { e = [1] }");

        Assert.Equal(HoconValueType.Number, config.GetValue("a").Type);
        Assert.Equal(42, config.GetInt("a"));
        Assert.Equal(["1"], config.GetStringList("c.e"));
    }

    [Fact]
    public void Substitution_uses_the_final_merged_value()
    {
        var config = Parse("a = ${b}\nb { x = 1 }\nb { y = 2 }\nb.x = 3");

        Assert.Equal(3, config.GetInt("a.x"));
        Assert.Equal(2, config.GetInt("a.y"));
    }

    [Fact]
    public void Substitution_in_a_concatenation_becomes_text()
    {
        var config = Parse("name = world\ngreeting = hello ${name}\"!\"\nport = 6443\nlisten = \"127.0.0.1:\"${port}");

        Assert.Equal("hello world!", config.GetString("greeting"));
        Assert.Equal("127.0.0.1:6443", config.GetString("listen"));
    }

    [Fact]
    public void Object_may_refer_to_a_path_within_itself()
    {
        var config = Parse("bar : { foo : 42, baz : ${bar.foo} }\nbar : { foo : 43 }");

        Assert.Equal(43, config.GetInt("bar.baz"));
    }

    [Fact]
    public void Mutually_referring_objects_resolve()
    {
        var config = Parse("""
            bar : { a : ${foo.d}, b : 1 }
            bar.b = 3
            foo : { c : ${bar.b}, d : 2 }
            foo.d = 4
            """);

        Assert.Equal(4, config.GetInt("bar.a"));
        Assert.Equal(3, config.GetInt("foo.c"));
    }

    [Fact]
    public void Object_concatenation_with_a_substitution_inherits()
    {
        var config = Parse("generic = { cluster-size = 6 }\neast = ${generic} { name = east }");

        Assert.Equal(6, config.GetInt("east.cluster-size"));
        Assert.Equal("east", config.GetString("east.name"));
    }

    [Fact]
    public void Self_referential_field_sees_its_earlier_value()
    {
        var config = Parse("path = [ /bin ]\npath = ${path} [ /usr/bin ]\ns = \"a:b\"\ns = ${s}\":c\"");

        Assert.Equal(["/bin", "/usr/bin"], config.GetStringList("path"));
        Assert.Equal("a:b:c", config.GetString("s"));
    }

    [Fact]
    public void Self_reference_inside_a_nested_object_sees_the_earlier_value()
    {
        var config = Parse("a { b { list = [1] } }\na.b.list = ${a.b.list} [2]\na { b { list = ${a.b.list} [3] } }");

        Assert.Equal(["1", "2", "3"], config.GetStringList("a.b.list"));
    }

    [Fact]
    public void Self_reference_through_a_path_resolves_below_the_current_definition()
    {
        // The spec's example: ${foo.a} refers to { c : 1 }, so foo is { a : 2, c : 1 }.
        var config = Parse("foo : { a : { c : 1 } }\nfoo : ${foo.a}\nfoo : { a : 2 }");

        Assert.Equal(2, config.GetInt("foo.a"));
        Assert.Equal(1, config.GetInt("foo.c"));
    }

    [Fact]
    public void Self_referential_object_extends_itself()
    {
        var config = Parse("foo { a = 1 }\nfoo = ${foo} { b = 2 }");

        Assert.Equal(1, config.GetInt("foo.a"));
        Assert.Equal(2, config.GetInt("foo.b"));
    }

    [Fact]
    public void Plus_equals_appends_and_may_be_the_first_mention()
    {
        var config = Parse("a += 1\na += 2\nb = [x]\nb += y\nc { d += z }");

        Assert.Equal(["1", "2"], config.GetStringList("a"));
        Assert.Equal(["x", "y"], config.GetStringList("b"));
        Assert.Equal(["z"], config.GetStringList("c.d"));
    }

    [Fact]
    public void Plus_equals_on_a_non_array_is_an_error()
    {
        var error = Assert.Throws<ParseException>(() => Parse("a = 1\na += 2"));

        Assert.Contains("cannot concatenate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Optional_substitution_that_is_missing_leaves_the_field_out_or_the_earlier_value()
    {
        var config = Parse("a = ${?missing}\nb = 1\nb = ${?missing}\nc = [1, ${?missing}, 2]\nd = x${?missing}y");

        Assert.False(config.HasPath("a"));
        Assert.DoesNotContain("a", config.Root.Keys);
        Assert.Equal(1, config.GetInt("b"));
        Assert.Equal(["1", "2"], config.GetStringList("c"));
        Assert.Equal("xy", config.GetString("d"));
    }

    [Fact]
    public void Optional_self_reference_with_no_earlier_value_is_undefined()
    {
        var config = Parse("a = ${?a}foo\nb = ${?b}");

        Assert.Equal("foo", config.GetString("a"));
        Assert.DoesNotContain("b", config.Root.Keys);
    }

    [Fact]
    public void Hidden_definitions_are_never_evaluated()
    {
        var config = Parse("foo : ${does-not-exist}\nfoo : 42\nbar : ${bar}\nbar : 1");

        Assert.Equal(42, config.GetInt("foo"));
        Assert.Equal(1, config.GetInt("bar"));
    }

    [Fact]
    public void Environment_variable_is_the_fallback_for_a_missing_path()
    {
        var environment = new Dictionary<string, string> { ["ORCH_TEST_HOME"] = "/home/orch" };
        var options = new HoconParseOptions { EnvironmentVariables = environment.GetValueOrDefault };

        var config = Config.ParseString("home = ${ORCH_TEST_HOME}\nbin = ${ORCH_TEST_HOME}/bin\nopt = ${?ORCH_TEST_MISSING}", options);

        Assert.Equal("/home/orch", config.GetString("home"));
        Assert.Equal("/home/orch/bin", config.GetString("bin"));
        Assert.False(config.HasPath("opt"));
    }

    [Fact]
    public void Process_environment_is_used_by_default()
    {
        var name = "ORCH_HOCON_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "from-env");
        try
        {
            Assert.Equal("from-env", Config.ParseString($"a = ${{{name}}}").GetString("a"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void A_setting_in_the_document_wins_over_the_environment_even_when_null()
    {
        var options = new HoconParseOptions { EnvironmentVariables = _ => "from-env" };

        var config = Config.ParseString("HOME = null\na = ${HOME}\nb = ${?HOME}x", options);

        Assert.True(config.GetValue("a").IsNull);
        Assert.Equal("nullx", config.GetString("b"));
    }

    [Fact]
    public void Unknown_substitution_is_an_error_naming_it_with_its_position()
    {
        var error = Assert.Throws<ParseException>(() => Parse("a = 1\nb {\n  c = ${no.such.path}\n}"));

        Assert.Equal(3, error.Line);
        Assert.Equal(7, error.Column);
        Assert.Contains("${no.such.path}", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("string:3:7:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Self_reference_without_an_earlier_value_is_an_error()
    {
        var error = Assert.Throws<ParseException>(() => Parse("foo : ${foo}"));

        Assert.Contains("refers back to 'foo' itself", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bar : ${foo}\nfoo : ${bar}", "'bar' refers back to itself through ${foo} (string:1:7) -> ${bar} (string:2:7)")]
    [InlineData("a : ${b}\nb : ${c}\nc : ${a}", "'a' refers back to itself through ${b} (string:1:5) -> ${c} (string:2:5) -> ${a} (string:3:5)")]
    public void Substitution_loops_are_errors_showing_the_chain(string text, string expected)
    {
        var error = Assert.Throws<ParseException>(() => Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Very_long_substitution_chain_fails_cleanly()
    {
        var text = string.Join('\n', Enumerable.Range(0, 5000).Select(i => $"a{i} = ${{a{i + 1}}}")) + "\na5000 = 1";

        var error = Assert.Throws<ParseException>(() => Parse(text));

        Assert.Contains("refer to one another in a chain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Moderate_substitution_chain_resolves()
    {
        var text = string.Join('\n', Enumerable.Range(0, 100).Select(i => $"a{i} = ${{a{i + 1}}}")) + "\na100 = done";

        Assert.Equal("done", Parse(text).GetString("a0"));
    }

    [Theory]
    [InlineData("a : { b : ${a} }")]
    [InlineData("a : [ ${a} ]")]
    public void Reference_to_an_enclosing_value_is_a_cycle(string text)
    {
        var error = Assert.Throws<ParseException>(() => Parse(text));

        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Substitutions_are_memoized_so_both_sides_agree()
    {
        var config = Parse("a : 1\nb : 2\na : ${b}\nb : ${a}");

        Assert.Equal(config.GetInt("a"), config.GetInt("b"));
    }
}
