using System.Globalization;
using System.Text.Json.Nodes;

namespace Orchestrator.Model.Patching;

/// <summary>An RFC 6901 JSON pointer (<c>/spec/containers/0/image</c>, <c>~1</c> for '/', <c>~0</c> for '~').</summary>
internal sealed class JsonPointer
{
    private JsonPointer(string text, string[] tokens)
    {
        Text = text;
        Tokens = tokens;
    }

    public string Text { get; }

    /// <summary>The unescaped reference tokens; none for the whole document.</summary>
    public IReadOnlyList<string> Tokens { get; }

    public bool IsRoot => Tokens.Count == 0;

    public string LastToken => Tokens[^1];

    public static JsonPointer Parse(string text)
    {
        if (text.Length == 0)
        {
            return new JsonPointer(text, []);
        }

        if (text[0] != '/')
        {
            throw new PatchException($"invalid JSON pointer '{text}': it must be empty or start with '/'");
        }

        var tokens = text[1..].Split('/');
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            for (var j = token.IndexOf('~', StringComparison.Ordinal); j >= 0; j = token.IndexOf('~', j + 1))
            {
                if (j + 1 >= token.Length || token[j + 1] is not ('0' or '1'))
                {
                    throw new PatchException($"invalid JSON pointer '{text}': '~' must be followed by '0' or '1'");
                }
            }

            // ~1 first, then ~0, so that "~01" becomes "~1" and not "/".
            tokens[i] = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        }

        return new JsonPointer(text, tokens);
    }

    /// <summary>Whether this pointer is a proper prefix of <paramref name="other"/> (a location inside this one).</summary>
    public bool IsProperPrefixOf(JsonPointer other) =>
        Tokens.Count < other.Tokens.Count && Tokens.Select((token, i) => token == other.Tokens[i]).All(same => same);

    /// <summary>The container holding the last token, or null when any step is missing.</summary>
    public JsonNode? ResolveParent(JsonNode? document)
    {
        var node = document;
        for (var i = 0; i < Tokens.Count - 1 && node is not null; i++)
        {
            node = Step(node, Tokens[i]);
        }

        return node;
    }

    /// <summary>The value at this location; <paramref name="found"/> is false when it does not exist.</summary>
    public JsonNode? Resolve(JsonNode? document, out bool found)
    {
        found = true;
        if (IsRoot)
        {
            return document;
        }

        var parent = ResolveParent(document);
        switch (parent)
        {
            case JsonObject obj when obj.TryGetPropertyValue(LastToken, out var value):
                return value;
            case JsonArray array when TryParseIndex(LastToken, array.Count, false, out var index):
                return array[index];
            default:
                found = false;
                return null;
        }
    }

    /// <summary>
    /// An array index as Kubernetes' JSON patch library accepts it: a decimal integer, where a negative
    /// one counts from the end. <paramref name="forInsert"/> allows the position just past the end.
    /// </summary>
    public static bool TryParseIndex(string token, int count, bool forInsert, out int index)
    {
        if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out index))
        {
            return false;
        }

        var size = forInsert ? count + 1 : count;
        if (index < 0)
        {
            if (index < -size)
            {
                return false;
            }

            index += size;
        }

        return index < size;
    }

    public override string ToString() => Text;

    private static JsonNode? Step(JsonNode node, string token) => node switch
    {
        JsonObject obj => obj.TryGetPropertyValue(token, out var child) ? child : null,
        JsonArray array => TryParseIndex(token, array.Count, false, out var index) ? array[index] : null,
        _ => null,
    };
}
