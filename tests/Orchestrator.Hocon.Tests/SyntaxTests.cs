using Orchestrator.Hocon;
using Xunit;

namespace Orchestrator.Hocon.Tests;

public class SyntaxTests
{
    [Fact]
    public void Root_without_braces_is_an_object()
    {
        var config = Config.ParseString("a = 1\nb = two");

        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal("two", config.GetString("b"));
    }

    [Fact]
    public void Root_with_braces_and_json_syntax_parse_the_same()
    {
        var config = Config.ParseString("""{ "a" : 1, "b" : { "c" : [true, null, "x"] } }""");

        Assert.Equal(1, config.GetInt("a"));
        var items = ((HoconArray)config.GetValue("b.c")).Items;
        Assert.Equal([HoconValueType.Boolean, HoconValueType.Null, HoconValueType.String], items.Select(i => i.Type));
    }

    [Fact]
    public void Empty_document_is_an_empty_object()
    {
        Assert.True(Config.ParseString("").IsEmpty);
        Assert.True(Config.ParseString("  # only a comment\n").IsEmpty);
    }

    [Theory]
    [InlineData("a = 1")]
    [InlineData("a : 1")]
    [InlineData("a=1")]
    [InlineData("a:1")]
    public void Equals_and_colon_both_separate_key_and_value(string text)
    {
        Assert.Equal(1, Config.ParseString(text).GetInt("a"));
    }

    [Fact]
    public void Separator_may_be_omitted_before_an_object()
    {
        var config = Config.ParseString("a { b { c = 1 } }");

        Assert.Equal(1, config.GetInt("a.b.c"));
    }

    [Fact]
    public void Dotted_keys_expand_to_nested_objects_and_merge()
    {
        var config = Config.ParseString("a.b.c = 1\na.b.d = 2\na { e = 3 }");

        Assert.Equal(1, config.GetInt("a.b.c"));
        Assert.Equal(2, config.GetInt("a.b.d"));
        Assert.Equal(3, config.GetInt("a.e"));
        Assert.Equal(["b", "e"], config.GetConfig("a").Root.Keys);
    }

    [Fact]
    public void Quoted_keys_keep_dots_and_spaces()
    {
        var config = Config.ParseString("\"a.b\" = 1\n\"with space\" = 2\nx.\"y.z\".w = 3\n\"\" = 4");

        Assert.Equal(1, config.GetInt("\"a.b\""));
        Assert.False(config.HasPath("a.b"));
        Assert.Equal(2, config.GetInt("\"with space\""));
        Assert.Equal(3, config.GetInt("x.\"y.z\".w"));
        Assert.Equal(4, config.GetInt("\"\""));
    }

    [Fact]
    public void Unquoted_key_with_spaces_is_one_element()
    {
        var config = Config.ParseString("a b c = 42");

        Assert.Equal(["a b c"], config.Root.Keys);
    }

    [Fact]
    public void Numbers_in_keys_are_strings_and_their_dots_separate()
    {
        var config = Config.ParseString("3.14 = pi\ntrue = yes");

        Assert.Equal("pi", config.GetString("3.14"));
        Assert.IsType<HoconObject>(config.GetValue("3"));
        Assert.Equal("yes", config.GetString("\"true\""));
    }

    [Fact]
    public void Comments_with_hash_and_double_slash_are_ignored()
    {
        var config = Config.ParseString("""
            # a comment
            a = 1 # trailing
            // another
            b = 2 // trailing
            c = "not # a comment"
            d = a/b // a single slash is not a comment
            """);

        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal(2, config.GetInt("b"));
        Assert.Equal("not # a comment", config.GetString("c"));
        Assert.Equal("a/b", config.GetString("d"));
        Assert.Equal(["a", "b", "c", "d"], config.Root.Keys);
    }

    [Fact]
    public void Newlines_or_commas_separate_fields_and_a_trailing_comma_is_allowed()
    {
        var config = Config.ParseString("{ a = 1, b = 2,\n c = 3\n d = 4, }");

        Assert.Equal([1, 2, 3, 4], new[] { "a", "b", "c", "d" }.Select(k => config.GetInt(k)));
    }

    [Fact]
    public void Arrays_accept_commas_newlines_and_a_trailing_comma()
    {
        var config = Config.ParseString("a = [1, 2,\n3\n4,]\nb = []\nc = [[1, 2], [3]]");

        Assert.Equal(["1", "2", "3", "4"], config.GetStringList("a"));
        Assert.Empty(config.GetStringList("b"));
        var nested = ((HoconArray)config.GetValue("c")).Items;
        Assert.Equal(2, nested.Count);
        Assert.Equal(2, ((HoconArray)nested[0]).Items.Count);
    }

    [Fact]
    public void Whitespace_in_arrays_concatenates_instead_of_separating()
    {
        var config = Config.ParseString("a = [ 1 2 3 4 ]\nb = [ [ 1, 2 ] [ 3, 4 ] ]");

        Assert.Equal(["1 2 3 4"], config.GetStringList("a"));
        var b = (HoconArray)config.GetValue("b");
        Assert.Single(b.Items);
        Assert.Equal(4, ((HoconArray)b.Items[0]).Items.Count);
    }

    [Fact]
    public void Objects_in_arrays_are_resolved()
    {
        var config = Config.ParseString("a = [ { name = x, port = 80 }, { name = y } ]");

        var items = ((HoconArray)config.GetValue("a")).Items;
        Assert.Equal("x", new Config((HoconObject)items[0]).GetString("name"));
        Assert.Equal(80, new Config((HoconObject)items[0]).GetInt("port"));
        Assert.Equal("y", new Config((HoconObject)items[1]).GetString("name"));
    }

    [Fact]
    public void Scalars_keep_their_types()
    {
        var config = Config.ParseString("s = hello\nn = -1.5e3\ni = 42\nt = true\nf = false\nz = null\nq = \"42\"");

        Assert.Equal(HoconValueType.String, config.GetValue("s").Type);
        Assert.Equal(HoconValueType.Number, config.GetValue("n").Type);
        Assert.Equal("-1.5e3", ((HoconScalar)config.GetValue("n")).Text);
        Assert.Equal(HoconValueType.Number, config.GetValue("i").Type);
        Assert.Equal(HoconValueType.Boolean, config.GetValue("t").Type);
        Assert.Equal(HoconValueType.Boolean, config.GetValue("f").Type);
        Assert.Equal(HoconValueType.Null, config.GetValue("z").Type);
        Assert.Equal(HoconValueType.String, config.GetValue("q").Type);
    }

    [Fact]
    public void Unquoted_strings_may_hold_dots_slashes_and_hyphens()
    {
        var config = Config.ParseString("a = 10.96.0.0/12\nb = foo-bar_baz\nc = /usr/local/bin\nd = 1e+5");

        Assert.Equal("10.96.0.0/12", config.GetString("a"));
        Assert.Equal("foo-bar_baz", config.GetString("b"));
        Assert.Equal("/usr/local/bin", config.GetString("c"));
        Assert.Equal(HoconValueType.Number, config.GetValue("d").Type);
        Assert.Equal(100000, config.GetInt("d"));
    }

    [Fact]
    public void Keys_keep_definition_order()
    {
        var config = Config.ParseString("z = 1\na = 2\nm = 3\na = 4");

        Assert.Equal(["z", "a", "m"], config.Root.Keys);
        Assert.Equal(4, config.GetInt("a"));
    }

    [Fact]
    public void Windows_line_endings_are_accepted()
    {
        var config = Config.ParseString("a = 1\r\nb = hello world\r\nc {\r\n  d = 2\r\n}\r\n");

        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal("hello world", config.GetString("b"));
        Assert.Equal(2, config.GetInt("c.d"));
    }

    [Fact]
    public void ToString_renders_json_that_parses_back_to_the_same_values()
    {
        var original = Config.ParseString("a { b = [1, \"two\", true, null], c = \"quote \\\" and \\n\" }, d = {}");

        var reparsed = Config.ParseString(original.ToString());

        Assert.Equal(original.ToString(), reparsed.ToString());
        Assert.Equal("quote \" and \n", reparsed.GetString("a.c"));
        Assert.Equal(4, ((HoconArray)reparsed.GetValue("a.b")).Items.Count);
    }
}
