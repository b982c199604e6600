using Orchestrator.Hocon;
using Xunit;

namespace Orchestrator.Hocon.Tests;

public class StringTests
{
    [Fact]
    public void Quoted_strings_support_json_escapes()
    {
        var config = Config.ParseString("""a = "q\" b\\ s\/ \b\f\n\r\t u\u00e9\u0041" """);

        Assert.Equal("q\" b\\ s/ \b\f\n\r\t u\u00e9A", config.GetString("a"));
    }

    [Fact]
    public void Quoted_strings_keep_characters_that_unquoted_strings_forbid()
    {
        var config = Config.ParseString("a = \"${not.a.substitution} {} [] : = , + # // ?\"");

        Assert.Equal("${not.a.substitution} {} [] : = , + # // ?", config.GetString("a"));
    }

    [Fact]
    public void Triple_quoted_strings_span_lines_and_take_no_escapes()
    {
        var config = Config.ParseString("a = \"\"\"line one\n  \"quoted\" \\n ${x}\nline three\"\"\"\nb = 1");

        Assert.Equal("line one\n  \"quoted\" \\n ${x}\nline three", config.GetString("a"));
        Assert.Equal(1, config.GetInt("b"));
    }

    [Fact]
    public void Extra_closing_quotes_belong_to_a_triple_quoted_string()
    {
        var config = Config.ParseString("a = \"\"\"foo\"\"\"\"\"");

        Assert.Equal("foo\"\"", config.GetString("a"));
    }

    [Fact]
    public void Simple_values_on_one_line_concatenate_keeping_inner_whitespace()
    {
        var config = Config.ParseString("a =   foo bar   baz   \nb = \"x\"y\" z\"\nc = 10s\nd = true stuff\ne = 1 2");

        Assert.Equal("foo bar   baz", config.GetString("a"));
        Assert.Equal("xy z", config.GetString("b"));
        Assert.Equal("10s", config.GetString("c"));
        Assert.Equal(HoconValueType.String, config.GetValue("c").Type);
        Assert.Equal("true stuff", config.GetString("d"));
        Assert.Equal(HoconValueType.String, config.GetValue("e").Type);
    }

    [Fact]
    public void Numbers_concatenate_as_written()
    {
        var config = Config.ParseString("a = 1e5 1.50 -0");

        Assert.Equal("1e5 1.50 -0", config.GetString("a"));
    }

    [Fact]
    public void Arrays_concatenate_with_arrays()
    {
        var config = Config.ParseString("a = [1, 2] [3, 4]");

        Assert.Equal(["1", "2", "3", "4"], config.GetStringList("a"));
    }

    [Fact]
    public void Objects_concatenate_by_merging()
    {
        var config = Config.ParseString("a = { b = 1, c = 1 } { c = 2, d = 3 }");

        Assert.Equal(1, config.GetInt("a.b"));
        Assert.Equal(2, config.GetInt("a.c"));
        Assert.Equal(3, config.GetInt("a.d"));
    }

    [Fact]
    public void Concatenating_an_array_with_a_string_is_an_error()
    {
        var error = Assert.Throws<ParseException>(() => Config.ParseString("a = [1] foo"));

        Assert.Contains("cannot concatenate an array", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
    }
}
