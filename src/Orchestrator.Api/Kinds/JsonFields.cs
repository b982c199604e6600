using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// Typed access to the fields of an object held as JSON. The plain readers treat a missing field,
/// a JSON null and a value of the wrong type alike (absent), for defaulting and for reading an object
/// already validated; the <c>Read*</c> readers report a wrong type as an error, because Kubernetes
/// would have refused to decode such a body at all.
/// </summary>
internal static class JsonFields
{
    public static JsonObject? Object(JsonNode? parent, string name) => (parent as JsonObject)?[name] as JsonObject;

    public static JsonArray? Array(JsonNode? parent, string name) => (parent as JsonObject)?[name] as JsonArray;

    public static string? String(JsonNode? parent, string name) =>
        TryString((parent as JsonObject)?[name], out var value) ? value : null;

    public static long? Integer(JsonNode? parent, string name) =>
        TryInteger((parent as JsonObject)?[name], out var value) ? value : null;

    public static bool? Bool(JsonNode? parent, string name) =>
        (parent as JsonObject)?[name] is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? value.GetValueKind() == JsonValueKind.True
            : null;

    /// <summary>True when the field is present and not null.</summary>
    public static bool Has(JsonNode? parent, string name) => (parent as JsonObject)?[name] is not null;

    /// <summary>The object elements of an array with their indexes; other elements are skipped.</summary>
    public static IEnumerable<(int Index, JsonObject Item)> Objects(JsonArray? array)
    {
        if (array is null)
        {
            yield break;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject item)
            {
                yield return (i, item);
            }
        }
    }

    public static bool TryString(JsonNode? node, out string value)
    {
        if (node is JsonValue json && json.GetValueKind() == JsonValueKind.String)
        {
            value = json.GetValue<string>();
            return true;
        }

        value = string.Empty;
        return false;
    }

    public static bool TryInteger(JsonNode? node, out long value)
    {
        value = 0;
        return node is JsonValue json
            && json.GetValueKind() == JsonValueKind.Number
            && long.TryParse(json.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A string field; "" when absent, an error when it is not a string.</summary>
    public static string ReadString(JsonObject? parent, string name, FieldPath path, FieldErrorList errors)
    {
        var node = parent?[name];
        if (node is null)
        {
            return string.Empty;
        }

        if (TryString(node, out var value))
        {
            return value;
        }

        errors.Add(TypeError(path, node, "must be a string"));
        return string.Empty;
    }

    /// <summary>An integer field; null when absent, an error when it is not a whole number.</summary>
    public static long? ReadInteger(JsonObject? parent, string name, FieldPath path, FieldErrorList errors)
    {
        var node = parent?[name];
        if (node is null)
        {
            return null;
        }

        if (TryInteger(node, out var value))
        {
            return value;
        }

        errors.Add(TypeError(path, node, "must be an integer"));
        return null;
    }

    /// <summary>A boolean field; null when absent, an error when it is not a boolean.</summary>
    public static bool? ReadBool(JsonObject? parent, string name, FieldPath path, FieldErrorList errors)
    {
        var node = parent?[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetValueKind() == JsonValueKind.True;
        }

        errors.Add(TypeError(path, node, "must be a boolean"));
        return null;
    }

    /// <summary>An object field; null when absent, an error when it is not an object.</summary>
    public static JsonObject? ReadObject(JsonObject? parent, string name, FieldPath path, FieldErrorList errors)
    {
        var node = parent?[name];
        if (node is null or JsonObject)
        {
            return node as JsonObject;
        }

        errors.Add(TypeError(path, node, "must be an object"));
        return null;
    }

    /// <summary>An array field; null when absent, an error when it is not an array.</summary>
    public static JsonArray? ReadArray(JsonObject? parent, string name, FieldPath path, FieldErrorList errors)
    {
        var node = parent?[name];
        if (node is null or JsonArray)
        {
            return node as JsonArray;
        }

        errors.Add(TypeError(path, node, "must be an array"));
        return null;
    }

    /// <summary>
    /// The object elements of an array field, reporting the elements that are not objects.
    /// </summary>
    public static List<(int Index, JsonObject Item)> ReadObjects(JsonObject? parent, string name, FieldPath path, FieldErrorList errors)
    {
        var result = new List<(int, JsonObject)>();
        var array = ReadArray(parent, name, path, errors);
        if (array is null)
        {
            return result;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject item)
            {
                result.Add((i, item));
            }
            else
            {
                errors.Add(TypeError(path.Index(i), array[i], "must be an object"));
            }
        }

        return result;
    }

    /// <summary>The string entries of a map field (labels, data), reporting values that are not strings.</summary>
    public static List<(string Key, string Value)> ReadStringMap(JsonObject? parent, string name, FieldPath path, FieldErrorList errors)
    {
        var result = new List<(string, string)>();
        var map = ReadObject(parent, name, path, errors);
        if (map is null)
        {
            return result;
        }

        foreach (var (key, node) in map)
        {
            if (TryString(node, out var value))
            {
                result.Add((key, value));
            }
            else
            {
                errors.Add(TypeError(path.Key(key), node, "must be a string"));
            }
        }

        return result;
    }

    public static FieldError TypeError(FieldPath path, JsonNode? node, string detail) =>
        new(FieldErrorType.TypeInvalid, path.ToString(), node?.DeepClone(), detail);

    /// <summary>
    /// A number as parsed JSON holds it, so readers may take it as any numeric type (a node made from
    /// a long reads only as a long).
    /// </summary>
    public static JsonNode Number(long value) => JsonNode.Parse(value.ToString(CultureInfo.InvariantCulture))!;

    /// <summary>Sets a field only when it is absent or null.</summary>
    public static void SetDefault(JsonObject obj, string name, JsonNode value)
    {
        if (obj[name] is null)
        {
            obj[name] = value;
        }
    }

    /// <summary>
    /// Sets a string field when it is absent, null or "" (Go's zero value); a value of another type is
    /// left for validation to report.
    /// </summary>
    public static void SetDefaultString(JsonObject obj, string name, string value)
    {
        var node = obj[name];
        if (node is null || (TryString(node, out var current) && current.Length == 0))
        {
            obj[name] = value;
        }
    }

    /// <summary>
    /// The object at a field for defaulting: created when absent or null, null when the field holds
    /// something else (left for validation to report).
    /// </summary>
    public static JsonObject? DefaultObject(JsonObject obj, string name)
    {
        if (obj[name] is null)
        {
            obj[name] = new JsonObject();
        }

        return obj[name] as JsonObject;
    }

    /// <summary>The string entries of a map field (labels, selectors); other values are skipped.</summary>
    public static Dictionary<string, string> StringMap(JsonNode? parent, string name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, node) in Object(parent, name) ?? [])
        {
            if (TryString(node, out var value))
            {
                result[key] = value;
            }
        }

        return result;
    }

    /// <summary>The object at a field, created when absent (or not an object).</summary>
    public static JsonObject EnsureObject(JsonObject obj, string name)
    {
        if (obj[name] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        obj[name] = created;
        return created;
    }
}
