using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Model.Patching;

/// <summary>
/// RFC 6902 JSON Patch (<c>application/json-patch+json</c>): add, remove, replace, move, copy and test,
/// applied in order to a copy of the target. Like Kubernetes, negative array indices count from the end.
/// </summary>
public static class JsonPatch
{
    /// <summary>The most operations Kubernetes accepts in one patch.</summary>
    public const int MaxOperations = 10000;

    /// <summary>
    /// Applies <paramref name="operations"/> to a copy of <paramref name="target"/> and returns the result;
    /// the inputs are not changed. Throws <see cref="PatchException"/> when an operation is malformed (400)
    /// or does not apply, including a failed test (422).
    /// </summary>
    public static JsonNode? Apply(JsonNode? target, JsonArray operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        if (operations.Count > MaxOperations)
        {
            throw new PatchException($"The allowed maximum operations in a JSON patch is {MaxOperations}, got {operations.Count}", 413);
        }

        var document = target?.DeepClone();
        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i] is not JsonObject operation)
            {
                throw new PatchException($"JSON patch operation {i} must be an object", PatchException.BadRequest);
            }

            document = ApplyOperation(document, operation);
        }

        return document;
    }

    private static JsonNode? ApplyOperation(JsonNode? document, JsonObject operation)
    {
        var op = ReadString(operation, "op");
        switch (op)
        {
            case "add":
                return Add(document, Pointer(operation, "path"), Value(operation, op));
            case "remove":
                Remove(document, Pointer(operation, "path"), op);
                return document;
            case "replace":
                return Replace(document, Pointer(operation, "path"), Value(operation, op));
            case "move":
            {
                var from = Pointer(operation, "from");
                var path = Pointer(operation, "path");
                if (from.Text == path.Text)
                {
                    return document;
                }

                if (from.IsProperPrefixOf(path))
                {
                    throw new PatchException($"move operation does not apply: '{from}' cannot be moved into its own child '{path}'");
                }

                var value = from.Resolve(document, out var found);
                if (!found)
                {
                    throw new PatchException($"move operation does not apply: doc is missing from path: {from}");
                }

                Remove(document, from, op);
                return Add(document, path, value);
            }

            case "copy":
            {
                var from = Pointer(operation, "from");
                var value = from.Resolve(document, out var found);
                if (!found)
                {
                    throw new PatchException($"copy operation does not apply: doc is missing from path: {from}");
                }

                return Add(document, Pointer(operation, "path"), value?.DeepClone());
            }

            case "test":
            {
                var path = Pointer(operation, "path");
                var actual = path.Resolve(document, out var found);
                if (!found || !JsonNodes.JsonEquals(actual, Value(operation, op)))
                {
                    throw new PatchException($"testing value {path} failed: test failed");
                }

                return document;
            }

            default:
                throw new PatchException($"Unexpected kind: {op}");
        }
    }

    private static JsonNode? Add(JsonNode? document, JsonPointer path, JsonNode? value)
    {
        if (path.IsRoot)
        {
            return value;
        }

        switch (path.ResolveParent(document))
        {
            case JsonObject parent:
                parent[path.LastToken] = value;
                break;
            case JsonArray parent when path.LastToken == "-":
                parent.Add(value);
                break;
            case JsonArray parent:
                if (!JsonPointer.TryParseIndex(path.LastToken, parent.Count, true, out var index))
                {
                    throw new PatchException($"add operation does not apply: Unable to access invalid index: {path.LastToken} in {path}");
                }

                parent.Insert(index, value);
                break;
            default:
                throw new PatchException($"add operation does not apply: doc is missing path: {path}");
        }

        return document;
    }

    private static void Remove(JsonNode? document, JsonPointer path, string op)
    {
        switch (path.IsRoot ? null : path.ResolveParent(document))
        {
            case JsonObject parent:
                if (!parent.Remove(path.LastToken))
                {
                    throw new PatchException($"{op} operation does not apply: Unable to remove nonexistent key: {path.LastToken}: missing value");
                }

                break;
            case JsonArray parent:
                if (!JsonPointer.TryParseIndex(path.LastToken, parent.Count, false, out var index))
                {
                    throw new PatchException($"{op} operation does not apply: Unable to access invalid index: {path.LastToken} in {path}");
                }

                parent.RemoveAt(index);
                break;
            default:
                throw new PatchException($"{op} operation does not apply: doc is missing path: {path}");
        }
    }

    private static JsonNode? Replace(JsonNode? document, JsonPointer path, JsonNode? value)
    {
        if (path.IsRoot)
        {
            return value;
        }

        switch (path.ResolveParent(document))
        {
            case JsonObject parent:
                if (!parent.ContainsKey(path.LastToken))
                {
                    throw new PatchException($"replace operation does not apply: doc is missing key: {path}: missing value");
                }

                parent[path.LastToken] = value;
                break;
            case JsonArray parent:
                if (!JsonPointer.TryParseIndex(path.LastToken, parent.Count, false, out var index))
                {
                    throw new PatchException($"replace operation does not apply: Unable to access invalid index: {path.LastToken} in {path}");
                }

                parent[index] = value;
                break;
            default:
                throw new PatchException($"replace operation does not apply: doc is missing path: {path}");
        }

        return document;
    }

    private static string ReadString(JsonObject operation, string member) =>
        operation[member] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw new PatchException($"JSON patch operation is missing the string member '{member}': {operation.ToJsonString()}");

    private static JsonPointer Pointer(JsonObject operation, string member) => JsonPointer.Parse(ReadString(operation, member));

    // A fresh copy each time, since a node may be placed in only one tree.
    private static JsonNode? Value(JsonObject operation, string op) =>
        operation.TryGetPropertyValue("value", out var value)
            ? value?.DeepClone()
            : throw new PatchException($"{op} operation is missing the member 'value': {operation.ToJsonString()}");
}
