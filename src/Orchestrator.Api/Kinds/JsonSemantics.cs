using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// Equality of two JSON documents as Kubernetes compares the Go structs they decode to
/// (apiequality.Semantic): a missing field equals its zero value when that value is null, "",
/// false, an empty list or an empty object, and numbers compare by value. Numbers are not treated as
/// zero when 0, because pointer fields (runAsUser: 0) are meaningful at zero.
/// </summary>
internal static class JsonSemantics
{
    public static bool AreEqual(JsonNode? left, JsonNode? right)
    {
        if (IsZero(left) && IsZero(right))
        {
            return true;
        }

        switch (left)
        {
            case JsonObject leftObject when right is JsonObject rightObject:
                return leftObject.Select(p => p.Key).Union(rightObject.Select(p => p.Key), StringComparer.Ordinal)
                    .All(key => AreEqual(leftObject[key], rightObject[key]));
            case JsonArray leftArray when right is JsonArray rightArray:
                return leftArray.Count == rightArray.Count
                    && leftArray.Select((item, i) => AreEqual(item, rightArray[i])).All(equal => equal);
            case JsonValue leftValue when right is JsonValue rightValue:
                return ValuesEqual(leftValue, rightValue);
            default:
                return false;
        }
    }

    /// <summary>
    /// The differences between two documents, one line per changed leaf, each as
    /// <c>- path: old</c> then <c>+ path: new</c>, for error messages.
    /// </summary>
    public static List<string> Diff(JsonNode? before, JsonNode? after, string path)
    {
        var lines = new List<string>();
        Collect(before, after, path, lines);
        return lines;
    }

    private static void Collect(JsonNode? before, JsonNode? after, string path, List<string> lines)
    {
        if (AreEqual(before, after))
        {
            return;
        }

        if (before is JsonObject beforeObject && after is JsonObject afterObject)
        {
            foreach (var key in beforeObject.Select(p => p.Key).Union(afterObject.Select(p => p.Key), StringComparer.Ordinal))
            {
                Collect(beforeObject[key], afterObject[key], path + "." + key, lines);
            }

            return;
        }

        if (before is JsonArray beforeArray && after is JsonArray afterArray && beforeArray.Count == afterArray.Count)
        {
            for (var i = 0; i < beforeArray.Count; i++)
            {
                Collect(beforeArray[i], afterArray[i], string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), lines);
            }

            return;
        }

        lines.Add("- " + path + ": " + (before?.ToJsonString() ?? "null"));
        lines.Add("+ " + path + ": " + (after?.ToJsonString() ?? "null"));
    }

    private static bool IsZero(JsonNode? node) => node switch
    {
        null => true,
        JsonArray array => array.Count == 0,
        JsonObject obj => obj.All(property => IsZero(property.Value)),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.Null or JsonValueKind.False => true,
            JsonValueKind.String => value.GetValue<string>().Length == 0,
            _ => false,
        },
        _ => false,
    };

    private static bool ValuesEqual(JsonValue left, JsonValue right)
    {
        var kind = left.GetValueKind();
        if (kind != right.GetValueKind())
        {
            return false;
        }

        return kind switch
        {
            JsonValueKind.String => left.GetValue<string>() == right.GetValue<string>(),
            JsonValueKind.Number => decimal.TryParse(left.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
                && decimal.TryParse(right.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
                    ? a == b
                    : left.ToJsonString() == right.ToJsonString(),
            _ => true,
        };
    }
}
