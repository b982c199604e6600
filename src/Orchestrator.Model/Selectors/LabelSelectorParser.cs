namespace Orchestrator.Model.Selectors;

/// <summary>
/// The recursive-descent parser of Kubernetes' label selector syntax (labels.Parse), with its
/// error messages:
/// <code>
/// selector    ::= requirement | requirement "," selector
/// requirement ::= [!] KEY [ set-based | exact-match ]
/// set-based   ::= ("in" | "notin") "(" VALUE ("," VALUE)* ")"
/// exact-match ::= ("=" | "==" | "!=" | "&gt;" | "&lt;") VALUE
/// </code>
/// </summary>
internal sealed class LabelSelectorParser
{
    private const string BinaryOperators = "in, notin, =, ==, !=, gt, lt";

    private readonly List<(LabelSelectorToken Token, string Literal)> _items = [];
    private int _position;

    private LabelSelectorParser(string text)
    {
        var lexer = new LabelSelectorLexer(text);
        while (true)
        {
            var item = lexer.Lex();
            _items.Add(item);
            if (item.Token == LabelSelectorToken.EndOfString)
            {
                break;
            }
        }
    }

    private enum Context
    {
        KeyAndOperator,
        Values,
    }

    /// <summary>Parses the requirements in input order; throws <see cref="FormatException"/>.</summary>
    public static List<LabelRequirement> Parse(string text) => new LabelSelectorParser(text).ParseAll();

    private List<LabelRequirement> ParseAll()
    {
        var requirements = new List<LabelRequirement>();
        while (true)
        {
            var (token, literal) = Lookahead(Context.Values);
            switch (token)
            {
                case LabelSelectorToken.Identifier:
                case LabelSelectorToken.DoesNotExist:
                    try
                    {
                        requirements.Add(ParseRequirement());
                    }
                    catch (FormatException e)
                    {
                        throw new FormatException("unable to parse requirement: " + e.Message, e);
                    }

                    var (next, nextLiteral) = Consume(Context.Values);
                    switch (next)
                    {
                        case LabelSelectorToken.EndOfString:
                            return requirements;
                        case LabelSelectorToken.Comma:
                            var (afterComma, afterCommaLiteral) = Lookahead(Context.Values);
                            if (afterComma is not (LabelSelectorToken.Identifier or LabelSelectorToken.DoesNotExist))
                            {
                                throw new FormatException($"found '{afterCommaLiteral}', expected: identifier after ','");
                            }

                            break;
                        default:
                            throw new FormatException($"found '{nextLiteral}', expected: ',' or 'end of string'");
                    }

                    break;
                case LabelSelectorToken.EndOfString:
                    return requirements;
                default:
                    throw new FormatException($"found '{literal}', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private LabelRequirement ParseRequirement()
    {
        var (key, op) = ParseKeyAndInferOperator();
        if (op is SelectorOperator.Exists or SelectorOperator.DoesNotExist)
        {
            return LabelRequirement.Create(key, op.Value, []);
        }

        var binary = ParseOperator();
        var values = binary is SelectorOperator.In or SelectorOperator.NotIn ? ParseValues() : ParseExactValue();

        // Kubernetes collects values in a set: sorted, without duplicates.
        return LabelRequirement.Create(key, binary, values.Order(StringComparer.Ordinal));
    }

    private (string Key, SelectorOperator? Operator) ParseKeyAndInferOperator()
    {
        SelectorOperator? op = null;
        var (token, literal) = Consume(Context.Values);
        if (token == LabelSelectorToken.DoesNotExist)
        {
            op = SelectorOperator.DoesNotExist;
            (token, literal) = Consume(Context.Values);
        }

        if (token != LabelSelectorToken.Identifier)
        {
            throw new FormatException($"found '{literal}', expected: identifier");
        }

        var keyErrors = Validation.ValidationRules.IsQualifiedName(literal);
        if (keyErrors.Count > 0)
        {
            // Kubernetes reports this one against an unset field path, printed "<nil>".
            throw new FormatException("<nil>: Invalid value: " + Validation.GoFormat.Quote(literal) + ": " + string.Join("; ", keyErrors));
        }

        var (next, _) = Lookahead(Context.Values);
        if (next is LabelSelectorToken.EndOfString or LabelSelectorToken.Comma && op != SelectorOperator.DoesNotExist)
        {
            op = SelectorOperator.Exists;
        }

        return (literal, op);
    }

    private SelectorOperator ParseOperator()
    {
        var (token, literal) = Consume(Context.KeyAndOperator);
        return token switch
        {
            LabelSelectorToken.In => SelectorOperator.In,
            LabelSelectorToken.Equals => SelectorOperator.Equals,
            LabelSelectorToken.DoubleEquals => SelectorOperator.DoubleEquals,
            LabelSelectorToken.GreaterThan => SelectorOperator.GreaterThan,
            LabelSelectorToken.LessThan => SelectorOperator.LessThan,
            LabelSelectorToken.NotIn => SelectorOperator.NotIn,
            LabelSelectorToken.NotEquals => SelectorOperator.NotEquals,
            _ => throw new FormatException($"found '{literal}', expected: {BinaryOperators}"),
        };
    }

    private HashSet<string> ParseValues()
    {
        var (token, literal) = Consume(Context.Values);
        if (token != LabelSelectorToken.OpenParenthesis)
        {
            throw new FormatException($"found '{literal}' expected: '('");
        }

        (token, literal) = Lookahead(Context.Values);
        switch (token)
        {
            case LabelSelectorToken.Identifier:
            case LabelSelectorToken.Comma:
                var values = ParseIdentifiers();
                if (Consume(Context.Values).Token != LabelSelectorToken.ClosedParenthesis)
                {
                    throw new FormatException($"found '{literal}', expected: ')'");
                }

                return values;
            case LabelSelectorToken.ClosedParenthesis:
                Consume(Context.Values);
                return new HashSet<string>(StringComparer.Ordinal) { string.Empty };
            default:
                throw new FormatException($"found '{literal}', expected: ',', ')' or identifier");
        }
    }

    // A possibly empty, comma separated list of possibly empty identifiers.
    private HashSet<string> ParseIdentifiers()
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var (token, literal) = Consume(Context.Values);
            switch (token)
            {
                case LabelSelectorToken.Identifier:
                    values.Add(literal);
                    var (next, nextLiteral) = Lookahead(Context.Values);
                    switch (next)
                    {
                        case LabelSelectorToken.Comma:
                            continue;
                        case LabelSelectorToken.ClosedParenthesis:
                            return values;
                        default:
                            throw new FormatException($"found '{nextLiteral}', expected: ',' or ')'");
                    }

                case LabelSelectorToken.Comma:
                    if (values.Count == 0)
                    {
                        values.Add(string.Empty); // "(," holds an empty value
                    }

                    var (afterComma, _) = Lookahead(Context.Values);
                    if (afterComma == LabelSelectorToken.ClosedParenthesis)
                    {
                        values.Add(string.Empty); // ",)" too
                        return values;
                    }

                    if (afterComma == LabelSelectorToken.Comma)
                    {
                        Consume(Context.Values);
                        values.Add(string.Empty); // and ",,"
                    }

                    break;
                default:
                    throw new FormatException($"found '{literal}', expected: ',', or identifier");
            }
        }
    }

    private HashSet<string> ParseExactValue()
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        var (next, _) = Lookahead(Context.Values);
        if (next is LabelSelectorToken.EndOfString or LabelSelectorToken.Comma)
        {
            values.Add(string.Empty);
            return values;
        }

        var (token, literal) = Consume(Context.Values);
        if (token != LabelSelectorToken.Identifier)
        {
            throw new FormatException($"found '{literal}', expected: identifier");
        }

        values.Add(literal);
        return values;
    }

    // In a value position the keywords "in" and "notin" are plain identifiers.
    private (LabelSelectorToken Token, string Literal) Lookahead(Context context) => Interpret(_items[_position], context);

    private (LabelSelectorToken Token, string Literal) Consume(Context context) => Interpret(_items[_position++], context);

    private static (LabelSelectorToken, string) Interpret((LabelSelectorToken Token, string Literal) item, Context context) =>
        context == Context.Values && item.Token is LabelSelectorToken.In or LabelSelectorToken.NotIn
            ? (LabelSelectorToken.Identifier, item.Literal)
            : item;
}
