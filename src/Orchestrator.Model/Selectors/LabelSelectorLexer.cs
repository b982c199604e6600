namespace Orchestrator.Model.Selectors;

/// <summary>
/// Splits a label selector string into tokens exactly as Kubernetes' labels.Lexer does, so that
/// odd inputs tokenize (and fail) the same way.
/// </summary>
internal sealed class LabelSelectorLexer
{
    private readonly string _text;
    private int _position;

    public LabelSelectorLexer(string text) => _text = text;

    public (LabelSelectorToken Token, string Literal) Lex()
    {
        var ch = SkipWhitespace(Read());
        if (ch == '\0')
        {
            return (LabelSelectorToken.EndOfString, string.Empty);
        }

        Unread();
        return IsSpecialSymbol(ch) ? ScanSpecialSymbol() : ScanIdentifierOrKeyword();
    }

    private static bool IsWhitespace(char ch) => ch is ' ' or '\t' or '\r' or '\n';

    private static bool IsSpecialSymbol(char ch) => ch is '=' or '!' or '(' or ')' or ',' or '>' or '<';

    private static LabelSelectorToken? Keyword(string literal) => literal switch
    {
        ")" => LabelSelectorToken.ClosedParenthesis,
        "," => LabelSelectorToken.Comma,
        "!" => LabelSelectorToken.DoesNotExist,
        "==" => LabelSelectorToken.DoubleEquals,
        "=" => LabelSelectorToken.Equals,
        ">" => LabelSelectorToken.GreaterThan,
        "in" => LabelSelectorToken.In,
        "<" => LabelSelectorToken.LessThan,
        "!=" => LabelSelectorToken.NotEquals,
        "notin" => LabelSelectorToken.NotIn,
        "(" => LabelSelectorToken.OpenParenthesis,
        _ => null,
    };

    // Like Go's byte reader: NUL at the end, and the position only advances inside the string.
    private char Read() => _position < _text.Length ? _text[_position++] : '\0';

    private void Unread() => _position--;

    private char SkipWhitespace(char ch)
    {
        while (IsWhitespace(ch))
        {
            ch = Read();
        }

        return ch;
    }

    private (LabelSelectorToken, string) ScanIdentifierOrKeyword()
    {
        var start = _position;
        while (true)
        {
            var ch = Read();
            if (ch == '\0')
            {
                break;
            }

            if (IsSpecialSymbol(ch) || IsWhitespace(ch))
            {
                Unread();
                break;
            }
        }

        var end = Math.Min(_position, _text.Length);
        var literal = _text[start..end].TrimEnd('\0');
        return (Keyword(literal) ?? LabelSelectorToken.Identifier, literal);
    }

    private (LabelSelectorToken, string) ScanSpecialSymbol()
    {
        var buffer = string.Empty;
        (LabelSelectorToken Token, string Literal)? last = null;
        while (true)
        {
            var ch = Read();
            if (ch == '\0')
            {
                break;
            }

            if (!IsSpecialSymbol(ch))
            {
                Unread();
                break;
            }

            buffer += ch;
            if (Keyword(buffer) is { } token)
            {
                last = (token, buffer);
            }
            else if (last is not null)
            {
                Unread();
                break;
            }
        }

        return last ?? (LabelSelectorToken.Error, $"error expected: keyword found '{buffer}'");
    }
}
