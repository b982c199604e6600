using Orchestrator.Hocon;
using Xunit;

namespace Orchestrator.Hocon.Tests;

public class ParseErrorTests
{
    [Theory]
    [InlineData("a = 1\nb = {\n  c = 1\n", 4, 1, "missing '}' to close the object opened at line 2, column 5")]
    [InlineData("a = 1\n}", 2, 1, "unbalanced '}'")]
    [InlineData("a = [1, 2", 1, 10, "missing ']' to close the array opened at line 1, column 5")]
    [InlineData("a = \"abc\nb = 1", 1, 9, "unterminated string")]
    [InlineData("a = \"\"\"abc", 1, 11, "unterminated triple-quoted string")]
    [InlineData("a = \"bad \\q escape\"", 1, 10, "invalid escape '\\q'")]
    [InlineData("a = \"\\u12\"", 1, 6, "invalid \\u escape")]
    [InlineData("a [1]", 1, 3, "expected ':', '=', '+=' or '{' after the key 'a', found '['")]
    [InlineData("a =", 1, 4, "expected a value for the key 'a'")]
    [InlineData("a = }", 1, 5, "expected a value for the key 'a'")]
    [InlineData("a..b = 1", 1, 3, "empty element")]
    [InlineData(".a = 1", 1, 1, "must not start with '.'")]
    [InlineData("a. = 1", 1, 4, "must not end with '.'")]
    [InlineData("= 1", 1, 1, "expected a key")]
    [InlineData("{ a = 1,, b = 2 }", 1, 9, "unexpected ','")]
    [InlineData("{ , a = 1 }", 1, 3, "unexpected ','")]
    [InlineData("a = [1,,2]", 1, 8, "unexpected ',' in an array")]
    [InlineData("a = [,1]", 1, 6, "unexpected ',' in an array")]
    [InlineData("a = 1 b = 2", 1, 9, "expected ',' or a newline after the field, found '='")]
    [InlineData("a = [1 2 : 3]", 1, 10, "expected ',', a newline or ']' in the array")]
    [InlineData("a = $b", 1, 5, "'$' must start a substitution")]
    [InlineData("a = ${}", 1, 7, "empty substitution")]
    [InlineData("a = ${b", 1, 8, "expected '}' to close the substitution")]
    [InlineData("${a} = 1", 1, 1, "substitutions are not allowed in keys")]
    [InlineData("a = +1", 1, 5, "expected a value")]
    [InlineData("[1, 2]", 1, 1, "must be an object, not an array")]
    [InlineData("{ a = 1 } b = 2", 1, 11, "after the root object's closing '}'")]
    [InlineData("a = \"tab\there\"", 1, 9, "control character U+0009")]
    [InlineData("x = [ { a += 1 } ]", 1, 9, "'+=' cannot be used in an object inside an array")]
    public void Malformed_input_reports_line_column_and_cause(string text, int line, int column, string expected)
    {
        var error = Assert.Throws<ParseException>(() => Config.ParseString(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith($"string:{line}:{column}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Source_name_appears_in_the_message()
    {
        var error = Assert.Throws<ParseException>(() => Config.ParseString("a = [", new HoconParseOptions { SourceName = "app.conf" }));

        Assert.StartsWith("app.conf:1:6: ", error.Message, StringComparison.Ordinal);
        Assert.Equal("app.conf", error.Position!.Value.Source);
    }

    [Fact]
    public void Deep_nesting_is_rejected_instead_of_overflowing_the_stack()
    {
        var text = "a = " + new string('[', 100_000);

        var error = Assert.Throws<ParseException>(() => Config.ParseString(text));

        Assert.Contains("nested more than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_exception_is_a_config_exception()
    {
        Assert.IsAssignableFrom<ConfigException>(Assert.Throws<ParseException>(() => Config.ParseString("a = [")));
    }
}
