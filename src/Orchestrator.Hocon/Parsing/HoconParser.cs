using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Orchestrator.Hocon.Parsing;

/// <summary>
/// Recursive-descent HOCON parser working directly on characters: value concatenation makes whitespace
/// significant, so a separate token stream would have to carry it anyway. Produces unresolved
/// <see cref="Node"/>s; includes are parsed in place, with the including object's path as their prefix.
/// </summary>
internal sealed partial class HoconParser
{
    // Deep enough for any real configuration, shallow enough that hostile input cannot overflow the stack.
    private const int MaxDepth = 256;
    private const string ForbiddenInUnquoted = "$\"{}[]:=,+#`^?!@*&\\";
    private const string IncludeKeyword = "include";

    private readonly SourceReader _reader;
    private readonly ParseContext _context;
    private readonly IReadOnlyList<string> _includePrefix;
    private readonly string _directory;
    private int _depth;

    private HoconParser(SourceReader reader, ParseContext context, IReadOnlyList<string> includePrefix, string directory)
    {
        _reader = reader;
        _context = context;
        _includePrefix = includePrefix;
        _directory = directory;
    }

    public static ObjectNode ParseDocument(string text, string sourceName, string directory, ParseContext context) =>
        new HoconParser(new SourceReader(text, sourceName), context, [], directory).ParseRoot();

    /// <summary>Parses a whole string as a path expression (the Config API's <c>a.b."c.d"</c>).</summary>
    public static IReadOnlyList<string> ParsePathExpression(string path)
    {
        var parser = new HoconParser(new SourceReader(path, "path"), new ParseContext(HoconParseOptions.Default), [], string.Empty);
        parser.SkipInlineWhitespace();
        var elements = parser.ParsePath("path");
        parser.SkipInlineWhitespace();
        if (!parser._reader.AtEnd)
        {
            throw parser._reader.Error($"unexpected {SourceReader.Describe(parser._reader.Peek())} in the path \"{path}\"");
        }

        return elements;
    }

    private ObjectNode ParseRoot()
    {
        SkipBlank();
        if (_reader.Peek() == '[')
        {
            throw _reader.Error("the root of a configuration must be an object, not an array");
        }

        if (_reader.Peek() != '{')
        {
            return ParseObjectBody(braced: false, _includePrefix, _reader.Position);
        }

        var open = _reader.Position;
        _reader.Next();
        var root = ParseObjectBody(braced: true, _includePrefix, open);
        SkipBlank();
        if (!_reader.AtEnd)
        {
            throw _reader.Error($"unexpected {SourceReader.Describe(_reader.Peek())} after the root object's closing '}}'");
        }

        return root;
    }

    /// <param name="path">The object's absolute path; null inside arrays, where objects have no path.</param>
    private ObjectNode ParseObjectBody(bool braced, IReadOnlyList<string>? path, HoconPosition open)
    {
        EnterNesting();
        var obj = new ObjectNode(open);
        while (true)
        {
            SkipBlank();
            var c = _reader.Peek();
            if (c == SourceReader.End)
            {
                if (braced)
                {
                    throw _reader.Error($"missing '}}' to close the object opened at line {open.Line}, column {open.Column}");
                }

                break;
            }

            if (c == '}')
            {
                if (!braced)
                {
                    throw _reader.Error("unbalanced '}': there is no '{' for it to close");
                }

                _reader.Next();
                break;
            }

            if (c == ',')
            {
                throw _reader.Error("unexpected ',': expected a field (a comma may only follow a field)");
            }

            if (AtIncludeKeyword())
            {
                ParseInclude(obj, path);
            }
            else
            {
                ParseField(obj, path);
            }

            SkipInlineBlank();
            c = _reader.Peek();
            if (c == ',')
            {
                _reader.Next();
            }
            else if (c is not ('\n' or '}' or SourceReader.End))
            {
                throw _reader.Error(braced
                    ? $"expected ',', a newline or '}}' after the field, found {SourceReader.Describe(c)}"
                    : $"expected ',' or a newline after the field, found {SourceReader.Describe(c)}");
            }
        }

        _depth--;
        return obj;
    }

    private void ParseField(ObjectNode obj, IReadOnlyList<string>? path)
    {
        var keyPosition = _reader.Position;
        if (_reader.Peek() == '$')
        {
            throw _reader.Error("substitutions are not allowed in keys");
        }

        var key = ParsePath("key");
        SkipInlineWhitespace();
        var append = false;
        var c = _reader.Peek();
        if (c is ':' or '=')
        {
            _reader.Next();
        }
        else if (c == '+' && _reader.Peek(1) == '=')
        {
            _reader.Skip(2);
            append = true;
        }
        else if (c != '{')
        {
            throw _reader.Error($"expected ':', '=', '+=' or '{{' after the key '{HoconPath.Render(key)}', found {SourceReader.Describe(c)}");
        }

        SkipBlank();
        var fieldPath = path is null ? null : HoconPath.Concat(path, key);
        var value = ParseValue(fieldPath, $"for the key '{HoconPath.Render(key)}'");
        if (append)
        {
            if (fieldPath is null)
            {
                throw new ParseException("'+=' cannot be used in an object inside an array: there is no earlier value to append to", keyPosition);
            }

            // The spec defines `a += b` as `a = ${?a} [b]`.
            value = new ConcatNode(
                [new SubstitutionNode(fieldPath, optional: true, prefix: [], keyPosition), new ArrayNode([value], value.Position)],
                keyPosition);
        }

        obj.Add(key, value, keyPosition);
    }

    private Node ParseValue(IReadOnlyList<string>? path, string what)
    {
        var start = _reader.Position;
        var parts = new List<Node>();
        while (true)
        {
            Node? part = _reader.Peek() switch
            {
                '{' => ParseObject(path),
                '[' => ParseArray(),
                '"' => ParseQuotedValue(),
                '$' => ParseSubstitution(),
                _ when AtUnquoted() => ParseUnquoted(),
                _ => null,
            };
            if (part is null)
            {
                break;
            }

            parts.Add(part);
            var whitespacePosition = _reader.Position;
            var whitespace = ReadInlineWhitespace();
            if (!AtValueStart())
            {
                break;
            }

            if (whitespace.Length > 0)
            {
                parts.Add(new WhitespaceNode(whitespace, whitespacePosition));
            }
        }

        if (parts.Count == 0)
        {
            throw _reader.Error($"expected a value {what}, found {SourceReader.Describe(_reader.Peek())}");
        }

        return Combine(parts, start);
    }

    private static Node Combine(List<Node> parts, HoconPosition start)
    {
        if (parts.Count == 1)
        {
            return parts[0];
        }

        // Only literal strings, numbers, booleans and nulls: the concatenation is a string known now.
        if (parts.All(p => p is ValueNode or WhitespaceNode))
        {
            var text = string.Concat(parts.Select(p => p is ValueNode value ? value.Value.Text : ((WhitespaceNode)p).Text));
            return new ValueNode(HoconScalar.String(text, start), start);
        }

        return new ConcatNode(parts, start);
    }

    private ObjectNode ParseObject(IReadOnlyList<string>? path)
    {
        var open = _reader.Position;
        _reader.Next();
        return ParseObjectBody(braced: true, path, open);
    }

    private ArrayNode ParseArray()
    {
        EnterNesting();
        var open = _reader.Position;
        _reader.Next();
        var elements = new List<Node>();
        while (true)
        {
            SkipBlank();
            var c = _reader.Peek();
            if (c == SourceReader.End)
            {
                throw _reader.Error($"missing ']' to close the array opened at line {open.Line}, column {open.Column}");
            }

            if (c == ']')
            {
                _reader.Next();
                break;
            }

            if (c == ',')
            {
                throw _reader.Error("unexpected ',' in an array: expected a value (a comma may only follow a value)");
            }

            elements.Add(ParseValue(path: null, "in the array"));
            SkipInlineBlank();
            c = _reader.Peek();
            if (c == ',')
            {
                _reader.Next();
            }
            else if (c is not ('\n' or ']' or SourceReader.End))
            {
                throw _reader.Error($"expected ',', a newline or ']' in the array, found {SourceReader.Describe(c)}");
            }
        }

        _depth--;
        return new ArrayNode(elements, open);
    }

    private ValueNode ParseQuotedValue()
    {
        var position = _reader.Position;
        return new ValueNode(HoconScalar.String(ReadQuotedString(), position), position);
    }

    private ValueNode ParseUnquoted()
    {
        var position = _reader.Position;
        var text = new StringBuilder();
        while (true)
        {
            var c = _reader.Peek();
            // '+' is forbidden in unquoted text but belongs to a number's exponent (1e+5).
            if (c == '+' && ExponentPrefixRegex().IsMatch(text.ToString()))
            {
                text.Append(_reader.Next());
                continue;
            }

            if (!AtUnquoted())
            {
                break;
            }

            text.Append(_reader.Next());
        }

        var raw = text.ToString();
        var value = raw switch
        {
            "true" => HoconScalar.Boolean(true, position),
            "false" => HoconScalar.Boolean(false, position),
            "null" => HoconScalar.Null(position),
            _ when NumberRegex().IsMatch(raw) => HoconScalar.Number(raw, position),
            _ => HoconScalar.String(raw, position),
        };
        return new ValueNode(value, position);
    }

    private SubstitutionNode ParseSubstitution()
    {
        var position = _reader.Position;
        if (_reader.Peek(1) != '{')
        {
            throw _reader.Error("'$' must start a substitution such as ${path}; quote the string to use a literal '$'");
        }

        _reader.Skip(2);
        var optional = false;
        if (_reader.Peek() == '?')
        {
            _reader.Next();
            optional = true;
        }

        SkipInlineWhitespace();
        if (_reader.Peek() == '}')
        {
            throw _reader.Error("empty substitution: expected a path between '${' and '}'");
        }

        var path = ParsePath("substitution path");
        SkipInlineWhitespace();
        if (_reader.Peek() != '}')
        {
            throw _reader.Error(
                $"expected '}}' to close the substitution opened at line {position.Line}, column {position.Column}, found {SourceReader.Describe(_reader.Peek())}");
        }

        _reader.Next();
        return new SubstitutionNode(path, optional, _includePrefix, position);
    }

    /// <summary>
    /// A path expression: unquoted dots separate elements, quoted text is taken whole
    /// (<c>a."b.c"</c> is two elements) and whitespace between parts is kept (<c>a b</c> is one).
    /// </summary>
    private List<string> ParsePath(string what)
    {
        var elements = new List<string>();
        var current = new StringBuilder();
        var hasContent = false;
        while (true)
        {
            var c = _reader.Peek();
            if (c == '"')
            {
                current.Append(ReadQuotedString());
                hasContent = true;
            }
            else if (AtUnquoted())
            {
                while (AtUnquoted())
                {
                    var position = _reader.Position;
                    var ch = _reader.Next();
                    if (ch != '.')
                    {
                        current.Append(ch);
                        hasContent = true;
                        continue;
                    }

                    if (!hasContent)
                    {
                        throw new ParseException(
                            elements.Count == 0
                                ? $"a {what} must not start with '.'"
                                : $"a {what} must not contain an empty element ('..'); quote an empty key as \"\"",
                            position);
                    }

                    elements.Add(current.ToString());
                    current.Clear();
                    hasContent = false;
                }
            }
            else if (IsInlineWhitespace(c))
            {
                // Whitespace belongs to the path only when more of the path follows it.
                var whitespace = ReadInlineWhitespace();
                if (_reader.Peek() != '"' && !AtUnquoted())
                {
                    break;
                }

                current.Append(whitespace);
                hasContent = true;
            }
            else
            {
                break;
            }
        }

        if (!hasContent)
        {
            throw _reader.Error(elements.Count == 0 && current.Length == 0
                ? $"expected a {what}, found {SourceReader.Describe(_reader.Peek())}"
                : $"a {what} must not end with '.'");
        }

        elements.Add(current.ToString());
        return elements;
    }

    private string ReadQuotedString()
    {
        var open = _reader.Position;
        if (_reader.StartsWith("\"\"\""))
        {
            return ReadTripleQuotedString(open);
        }

        _reader.Next();
        var text = new StringBuilder();
        while (true)
        {
            var position = _reader.Position;
            var c = _reader.Peek();
            if (c is SourceReader.End or '\n')
            {
                throw _reader.Error($"unterminated string: missing '\"' to close the string opened at line {open.Line}, column {open.Column}");
            }

            _reader.Next();
            if (c == '"')
            {
                return text.ToString();
            }

            if (c == '\\')
            {
                text.Append(ReadEscape(position));
            }
            else if (c < ' ')
            {
                throw new ParseException($"control character U+{c:X4} in a quoted string: write it as an escape such as \\t", position);
            }
            else
            {
                text.Append((char)c);
            }
        }
    }

    private char ReadEscape(HoconPosition backslash)
    {
        var c = _reader.Peek();
        if (c == SourceReader.End)
        {
            throw _reader.Error("unterminated escape sequence at the end of input");
        }

        _reader.Next();
        switch (c)
        {
            case '"':
            case '\\':
            case '/':
                return (char)c;
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                var hex = new StringBuilder(4);
                for (var i = 0; i < 4; i++)
                {
                    var h = _reader.Peek();
                    if (h == SourceReader.End || !char.IsAsciiHexDigit((char)h))
                    {
                        throw new ParseException("invalid \\u escape: expected four hexadecimal digits", backslash);
                    }

                    hex.Append(_reader.Next());
                }

                return (char)int.Parse(hex.ToString(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            default:
                throw new ParseException($"invalid escape '\\{(char)c}' in a quoted string (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", backslash);
        }
    }

    private string ReadTripleQuotedString(HoconPosition open)
    {
        _reader.Skip(3);
        var text = new StringBuilder();
        while (true)
        {
            if (_reader.AtEnd)
            {
                throw _reader.Error($"unterminated triple-quoted string opened at line {open.Line}, column {open.Column}");
            }

            if (_reader.StartsWith("\"\"\""))
            {
                // As in Scala, quotes beyond the closing three belong to the string ("""a"""" is a").
                var quotes = 0;
                while (_reader.Peek(quotes) == '"')
                {
                    quotes++;
                }

                text.Append('"', quotes - 3);
                _reader.Skip(quotes);
                return text.ToString();
            }

            text.Append(_reader.Next());
        }
    }

    private bool AtIncludeKeyword()
    {
        if (!_reader.StartsWith(IncludeKeyword))
        {
            return false;
        }

        var next = _reader.Peek(IncludeKeyword.Length);
        return IsWhitespace(next) || next == '"';
    }

    private void ParseInclude(ObjectNode obj, IReadOnlyList<string>? path)
    {
        var position = _reader.Position;
        _reader.Skip(IncludeKeyword.Length);
        SkipWhitespace();
        var (name, required) = ParseIncludeTarget(allowRequired: true);
        var file = LocateInclude(name);
        if (file is null)
        {
            if (required)
            {
                throw new ParseException($"required include \"{name}\" not found (looked in {_directory})", position);
            }

            // The spec: a missing include is silently ignored, as if it held an empty object.
            return;
        }

        var stack = _context.IncludeStack;
        var open = stack.IndexOf(file);
        if (open >= 0)
        {
            throw new ParseException($"include cycle: {string.Join(" -> ", stack.Skip(open))} -> {file}", position);
        }

        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ParseException($"cannot read the included file {file}: {e.Message}", position, e);
        }

        stack.Add(file);
        try
        {
            var included = new HoconParser(new SourceReader(text, file), _context, path ?? [], Path.GetDirectoryName(file)!).ParseRoot();
            obj.MergeFrom(included);
        }
        finally
        {
            stack.RemoveAt(stack.Count - 1);
        }
    }

    private (string Name, bool Required) ParseIncludeTarget(bool allowRequired)
    {
        if (_reader.Peek() == '"')
        {
            return (ReadQuotedString(), false);
        }

        var position = _reader.Position;
        var word = new StringBuilder();
        while (_reader.Peek() is >= 'a' and <= 'z')
        {
            word.Append(_reader.Next());
        }

        switch (word.ToString())
        {
            case "required" when allowRequired:
                Expect('(', "after 'required'");
                SkipWhitespace();
                var (name, _) = ParseIncludeTarget(allowRequired: false);
                SkipWhitespace();
                Expect(')', "to close 'required('");
                return (name, true);
            case "file":
                Expect('(', "after 'file'");
                SkipWhitespace();
                if (_reader.Peek() != '"')
                {
                    throw _reader.Error($"expected a quoted file name in file(...), found {SourceReader.Describe(_reader.Peek())}");
                }

                var file = ReadQuotedString();
                SkipWhitespace();
                Expect(')', "to close 'file('");
                return (file, false);
            case "url" or "classpath":
                throw new ParseException($"include {word}(...) is not supported: use a quoted file path or file(\"...\")", position);
            default:
                throw new ParseException("'include' must be followed by a quoted file name, file(\"...\") or required(...)", position);
        }
    }

    private string? LocateInclude(string name)
    {
        var full = Path.GetFullPath(Path.IsPathRooted(name) ? name : Path.Combine(_directory, name));
        if (File.Exists(full))
        {
            return full;
        }

        // Without an extension the name is a basename, as in the spec's `include "foo"`.
        if (Path.GetExtension(full).Length == 0)
        {
            foreach (var extension in (string[])[".conf", ".json"])
            {
                if (File.Exists(full + extension))
                {
                    return full + extension;
                }
            }
        }

        return null;
    }

    private void Expect(char expected, string context)
    {
        if (_reader.Peek() != expected)
        {
            throw _reader.Error($"expected '{expected}' {context}, found {SourceReader.Describe(_reader.Peek())}");
        }

        _reader.Next();
    }

    private void EnterNesting()
    {
        if (++_depth > MaxDepth)
        {
            throw _reader.Error($"objects and arrays are nested more than {MaxDepth} levels deep");
        }
    }

    private bool AtValueStart() => _reader.Peek() is '{' or '[' or '"' or '$' || AtUnquoted();

    private bool AtUnquoted()
    {
        var c = _reader.Peek();
        return c != SourceReader.End
            && !IsWhitespace(c)
            && !ForbiddenInUnquoted.Contains((char)c, StringComparison.Ordinal)
            && !(c == '/' && _reader.Peek(1) == '/');
    }

    private bool AtComment() => _reader.Peek() == '#' || (_reader.Peek() == '/' && _reader.Peek(1) == '/');

    private void SkipComment()
    {
        while (!_reader.AtEnd && _reader.Peek() != '\n')
        {
            _reader.Next();
        }
    }

    /// <summary>Skips whitespace, newlines and comments.</summary>
    private void SkipBlank()
    {
        while (true)
        {
            if (IsWhitespace(_reader.Peek()))
            {
                _reader.Next();
            }
            else if (AtComment())
            {
                SkipComment();
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>Skips whitespace and a comment up to, not including, the newline that separates fields.</summary>
    private void SkipInlineBlank()
    {
        while (true)
        {
            if (IsInlineWhitespace(_reader.Peek()))
            {
                _reader.Next();
            }
            else if (AtComment())
            {
                SkipComment();
            }
            else
            {
                return;
            }
        }
    }

    private void SkipWhitespace()
    {
        while (IsWhitespace(_reader.Peek()))
        {
            _reader.Next();
        }
    }

    private void SkipInlineWhitespace()
    {
        while (IsInlineWhitespace(_reader.Peek()))
        {
            _reader.Next();
        }
    }

    private string ReadInlineWhitespace()
    {
        if (!IsInlineWhitespace(_reader.Peek()))
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        while (IsInlineWhitespace(_reader.Peek()))
        {
            text.Append(_reader.Next());
        }

        return text.ToString();
    }

    // The spec's whitespace: Unicode separators, ASCII controls \t..\r and 0x1C..0x1F, and a BOM.
    private static bool IsWhitespace(int c) =>
        c != SourceReader.End && (char.IsWhiteSpace((char)c) || c == '\uFEFF' || c is >= 0x1C and <= 0x1F);

    private static bool IsInlineWhitespace(int c) => c != '\n' && IsWhitespace(c);

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberRegex();

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?[eE]$", RegexOptions.CultureInvariant)]
    private static partial Regex ExponentPrefixRegex();
}
