using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Model.Selectors;

/// <summary>
/// A field selector (<c>metadata.name=web,status.phase!=Running</c>): a conjunction of equality and
/// inequality terms on object fields, parsed and escaped as Kubernetes' fields package does
/// (a value escapes <c>\</c>, <c>,</c> and <c>=</c> with a backslash).
/// </summary>
public sealed class FieldSelector
{
    private readonly FieldRequirement[] _requirements;
    private readonly bool _nothing;

    private FieldSelector(FieldRequirement[] requirements, bool nothing)
    {
        _requirements = requirements;
        _nothing = nothing;
    }

    /// <summary>Selects everything.</summary>
    public static FieldSelector Empty { get; } = new([], false);

    /// <summary>Same as <see cref="Empty"/>: Kubernetes' fields.Everything().</summary>
    public static FieldSelector Everything => Empty;

    /// <summary>Selects nothing.</summary>
    public static FieldSelector Nothing { get; } = new([], true);

    public IReadOnlyList<FieldRequirement> Requirements => _requirements;

    /// <summary>The field names referenced, in order, without duplicates; lets the gateway reject unsupported ones.</summary>
    public IReadOnlyList<string> Fields => [.. _requirements.Select(r => r.Field).Distinct(StringComparer.Ordinal)];

    public bool IsEmpty => !_nothing && _requirements.Length == 0;

    public bool IsNothing => _nothing;

    /// <summary>Parses a field selector; throws <see cref="FormatException"/> with Kubernetes' message.</summary>
    public static FieldSelector Parse(string selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var requirements = new List<FieldRequirement>();
        foreach (var term in SplitTerms(selector).Order(StringComparer.Ordinal))
        {
            if (term.Length == 0)
            {
                continue;
            }

            if (!TrySplitTerm(term, out var field, out var op, out var rawValue))
            {
                throw new FormatException($"invalid selector: '{selector}'; can't understand '{term}'");
            }

            var value = UnescapeValue(rawValue);

            // Kubernetes drops a term whose field and value are both empty.
            if (field.Length == 0 && value.Length == 0)
            {
                continue;
            }

            requirements.Add(new FieldRequirement(field, op == "!=" ? SelectorOperator.NotEquals : SelectorOperator.Equals, value));
        }

        return new FieldSelector([.. requirements], false);
    }

    public static bool TryParse(string? selector, out FieldSelector result)
    {
        result = Empty;
        if (selector is null)
        {
            return false;
        }

        try
        {
            result = Parse(selector);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>A selector requiring each given field to equal its value.</summary>
    public static FieldSelector FromSet(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new FieldSelector(
            [.. fields.Select(pair => new FieldRequirement(pair.Key, SelectorOperator.Equals, pair.Value))], false);
    }

    /// <summary>Matches using a field lookup; a missing field reads as "".</summary>
    public bool Matches(Func<string, string?> getField)
    {
        ArgumentNullException.ThrowIfNull(getField);
        return !_nothing && _requirements.All(requirement => requirement.Matches(getField));
    }

    /// <summary>Matches against an object's fields as read by <see cref="GetField"/>.</summary>
    public bool Matches(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return Matches(path => GetField(obj, path));
    }

    /// <summary>If the selector pins <paramref name="field"/> to one value with "=", that value.</summary>
    public bool RequiresExactMatch(string field, out string value)
    {
        var requirement = _requirements.FirstOrDefault(r =>
            r.Operator == SelectorOperator.Equals && string.Equals(r.Field, field, StringComparison.Ordinal));
        value = requirement?.Value ?? string.Empty;
        return requirement is not null;
    }

    /// <summary>
    /// Reads a dotted field path (<c>metadata.name</c>, <c>spec.nodeName</c>, <c>status.phase</c>) of an
    /// object as a field selector sees it: strings as they are, booleans as "true"/"false", numbers as
    /// written, and "" for a missing or null field.
    /// </summary>
    public static string GetField(JsonObject obj, string path)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(path);
        JsonNode? node = obj;
        foreach (var segment in path.Split('.'))
        {
            node = node is JsonObject current && current.TryGetPropertyValue(segment, out var child) ? child : null;
            if (node is null)
            {
                return string.Empty;
            }
        }

        return node switch
        {
            JsonValue value => value.GetValueKind() switch
            {
                JsonValueKind.String => value.GetValue<string>(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Null => string.Empty,
                _ => value.ToJsonString(),
            },
            _ => node.ToJsonString(),
        };
    }

    /// <summary>Escapes a literal value for a field selector: <c>\</c>, <c>,</c> and <c>=</c> get a backslash.</summary>
    public static string EscapeValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal)
            .Replace("=", "\\=", StringComparison.Ordinal);
    }

    /// <summary>Reverses <see cref="EscapeValue"/>; unknown escapes and bare <c>,</c> or <c>=</c> are errors.</summary>
    public static string UnescapeValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny("\\,=") < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        var inSlash = false;
        foreach (var rune in value.EnumerateRunes())
        {
            if (inSlash)
            {
                if (rune.Value is not ('\\' or ',' or '='))
                {
                    throw new FormatException("invalid field selector: invalid escape sequence: \\" + rune);
                }

                builder.Append(rune.ToString());
                inSlash = false;
                continue;
            }

            switch (rune.Value)
            {
                case '\\':
                    inSlash = true;
                    break;
                case ',':
                case '=':
                    // Kubernetes prints the rune as a number here.
                    throw new FormatException("invalid field selector: unescaped character in value: "
                        + rune.Value.ToString(CultureInfo.InvariantCulture));
                default:
                    builder.Append(rune.ToString());
                    break;
            }
        }

        return inSlash
            ? throw new FormatException("invalid field selector: invalid escape sequence: \\")
            : builder.ToString();
    }

    /// <summary>The canonical form: terms in sorted order, values escaped.</summary>
    public override string ToString() => string.Join(",", _requirements.Select(r => r.ToString()));

    // Splits on commas that are not escaped; escapes stay in the terms.
    private static List<string> SplitTerms(string selector)
    {
        var terms = new List<string>();
        if (selector.Length == 0)
        {
            return terms;
        }

        var start = 0;
        var inSlash = false;
        for (var i = 0; i < selector.Length; i++)
        {
            var c = selector[i];
            if (inSlash)
            {
                inSlash = false;
            }
            else if (c == '\\')
            {
                inSlash = true;
            }
            else if (c == ',')
            {
                terms.Add(selector[start..i]);
                start = i + 1;
            }
        }

        terms.Add(selector[start..]);
        return terms;
    }

    // The field part has no escaping: the first operator found splits the term ("!=" before "==" before "=").
    private static bool TrySplitTerm(string term, out string field, out string op, out string value)
    {
        for (var i = 0; i < term.Length; i++)
        {
            foreach (var candidate in (ReadOnlySpan<string>)["!=", "==", "="])
            {
                if (term.AsSpan(i).StartsWith(candidate, StringComparison.Ordinal))
                {
                    field = term[..i];
                    op = candidate;
                    value = term[(i + candidate.Length)..];
                    return true;
                }
            }
        }

        field = op = value = string.Empty;
        return false;
    }
}
