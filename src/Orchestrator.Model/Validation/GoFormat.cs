using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Orchestrator.Model.Validation;

/// <summary>
/// Renders values the way Go's fmt verbs do in Kubernetes' messages (%q, %v, %#v), so that
/// error texts read exactly like the ones clients see from a real API server.
/// </summary>
internal static class GoFormat
{
    /// <summary>Go's strconv.Quote: a double-quoted string with Go escapes.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\a': builder.Append("\\a"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\v': builder.Append("\\v"); break;
                default:
                    if (rune.Value < 0x20 || rune.Value == 0x7f)
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}");
                    }
                    else if (IsPrintable(rune))
                    {
                        builder.Append(rune.ToString());
                    }
                    else if (rune.Value < 0x10000)
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:x4}");
                    }
                    else
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\U{rune.Value:x8}");
                    }

                    break;
            }
        }

        builder.Append('"');
        return builder.ToString();
    }

    /// <summary>A value as Go's %v / %#v would print it inside a field error.</summary>
    public static string Value(object? value) => value switch
    {
        null => "null",
        string text => Quote(text),
        bool flag => flag ? "true" : "false",
        int or long or short or byte or uint or ulong => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        float number => number.ToString("R", CultureInfo.InvariantCulture),
        JsonNode node => node.ToJsonString(),
        IEnumerable<string> strings => "[]string{" + string.Join(", ", strings.Select(Quote)) + "}",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
    };

    private static bool IsPrintable(Rune rune)
    {
        var category = Rune.GetUnicodeCategory(rune);
        return category is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator)
            && (category != UnicodeCategory.SpaceSeparator || rune.Value == ' ');
    }
}
