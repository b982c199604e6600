using System.Text.Json.Nodes;

namespace Orchestrator.Model.Objects;

/// <summary>
/// Reads and writes the common parts of a Kubernetes object held as a <see cref="JsonObject"/>:
/// apiVersion, kind and metadata. Missing values read as null (or empty), as the API treats omitted fields.
/// </summary>
public static class KubeObject
{
    public static string? ApiVersion(JsonObject obj) => GetString(obj, "apiVersion");

    public static string? Kind(JsonObject obj) => GetString(obj, "kind");

    /// <summary>The metadata object, created when absent.</summary>
    public static JsonObject Metadata(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = [];
        obj["metadata"] = metadata;
        return metadata;
    }

    public static string? Name(JsonObject obj) => GetString(obj, "metadata", "name");

    public static string? Namespace(JsonObject obj) => GetString(obj, "metadata", "namespace");

    public static string? Uid(JsonObject obj) => GetString(obj, "metadata", "uid");

    public static string? ResourceVersion(JsonObject obj) => GetString(obj, "metadata", "resourceVersion");

    public static string? DeletionTimestamp(JsonObject obj) => GetString(obj, "metadata", "deletionTimestamp");

    /// <summary>metadata.labels as a dictionary (empty when absent); non-string values are skipped.</summary>
    public static Dictionary<string, string> Labels(JsonObject obj) => StringMap(Get(obj, "metadata", "labels") as JsonObject);

    public static Dictionary<string, string> Annotations(JsonObject obj) => StringMap(Get(obj, "metadata", "annotations") as JsonObject);

    public static IReadOnlyList<string> Finalizers(JsonObject obj) =>
        Get(obj, "metadata", "finalizers") is JsonArray array
            ? array.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList()
            : [];

    /// <summary>The node at a path of property names, or null when any step is missing or not an object.</summary>
    public static JsonNode? Get(JsonObject obj, params ReadOnlySpan<string> path)
    {
        ArgumentNullException.ThrowIfNull(obj);
        JsonNode? node = obj;
        foreach (var step in path)
        {
            if (node is not JsonObject o || !o.TryGetPropertyValue(step, out node))
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>The string at a path, or null when missing or not a string.</summary>
    public static string? GetString(JsonObject obj, params ReadOnlySpan<string> path) =>
        Get(obj, path) is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    public static long? GetInt64(JsonObject obj, params ReadOnlySpan<string> path) =>
        Get(obj, path) is JsonValue value && value.TryGetValue<long>(out var n) ? n : null;

    /// <summary>The object at a path, creating every missing step.</summary>
    public static JsonObject EnsureObject(JsonObject obj, params ReadOnlySpan<string> path)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var current = obj;
        foreach (var step in path)
        {
            if (current[step] is not JsonObject next)
            {
                next = [];
                current[step] = next;
            }

            current = next;
        }

        return current;
    }

    private static Dictionary<string, string> StringMap(JsonObject? map)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (map is null)
        {
            return result;
        }

        foreach (var (key, value) in map)
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var s))
            {
                result[key] = s;
            }
        }

        return result;
    }
}
