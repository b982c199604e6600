using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Scheduler.Framework;

/// <summary>
/// Lenient reads of an object the API has already validated: a missing field or one of the wrong type
/// reads as absent, as Kubernetes' decoding of a well-formed object would leave it at its zero value.
/// </summary>
internal static class Json
{
    public static JsonObject? Object(JsonObject? obj, string name) => obj?[name] as JsonObject;

    public static JsonArray? Array(JsonObject? obj, string name) => obj?[name] as JsonArray;

    /// <summary>The objects of an array field, skipping anything else.</summary>
    public static IEnumerable<JsonObject> Objects(JsonObject? obj, string name)
    {
        if (Array(obj, name) is not { } array)
        {
            yield break;
        }

        foreach (var item in array)
        {
            if (item is JsonObject child)
            {
                yield return child;
            }
        }
    }

    public static string? String(JsonObject? obj, string name) =>
        obj?[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static long? Integer(JsonObject? obj, string name)
    {
        if (obj?[name] is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }

        // A parsed document holds a JsonElement; a value built in code holds whatever CLR number it was made from.
        if (value.TryGetValue<long>(out var number))
        {
            return number;
        }

        if (value.TryGetValue<int>(out var small))
        {
            return small;
        }

        var text = value.ToJsonString();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && real == Math.Floor(real) && Math.Abs(real) < 9.2e18
            ? (long)real
            : null;
    }

    public static bool Bool(JsonObject? obj, string name) =>
        obj?[name] is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    /// <summary>The strings of an array field.</summary>
    public static string[] Strings(JsonObject? obj, string name)
    {
        if (Array(obj, name) is not { } array)
        {
            return [];
        }

        var result = new List<string>(array.Count);
        foreach (var item in array)
        {
            if (item is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            {
                result.Add(value.GetValue<string>());
            }
        }

        return [.. result];
    }

    /// <summary>A string map (labels, nodeSelector); values that are not strings are printed as JSON.</summary>
    public static Dictionary<string, string> StringMap(JsonObject? map)
    {
        var result = new Dictionary<string, string>(map?.Count ?? 0, StringComparer.Ordinal);
        foreach (var (key, node) in map ?? [])
        {
            result[key] = node is JsonValue value && value.GetValueKind() == JsonValueKind.String
                ? value.GetValue<string>()
                : node?.ToJsonString() ?? string.Empty;
        }

        return result;
    }

    /// <summary>An RFC 3339 time (status.startTime), or null.</summary>
    public static DateTimeOffset? Time(JsonObject? obj, string name) =>
        String(obj, name) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;
}
