using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Model.Patching;

/// <summary>
/// The fields a manager owns, as server-side apply records them in <c>metadata.managedFields</c>
/// (<c>fieldsV1</c>): a set of paths whose elements are <c>f:name</c> (a field), <c>k:{"name":"x"}</c>
/// (the element of a list merged by key) and <c>v:"x"</c> (a value of a list merged as a set). The
/// element of a keyed list is itself owned, written <c>"."</c> in fieldsV1.
/// </summary>
public sealed class FieldSet
{
    private const char Separator = '\u0001';

    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);

    public int Count => _paths.Count;

    public IEnumerable<IReadOnlyList<string>> Paths => _paths.Select(Split);

    /// <summary>The fields an applied configuration sets, leaves and keyed list elements, below its top-level fields.</summary>
    public static FieldSet FromObject(JsonObject config, IEnumerable<ListMergeRule> rules, Func<IReadOnlyList<string>, bool> ignored)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(ignored);
        var set = new FieldSet();
        set.Walk(config, PatchSchemaNode.Build(rules), [], ignored);
        return set;
    }

    /// <summary>Reads a <c>fieldsV1</c> tree; anything malformed is skipped (it came from a stored object).</summary>
    public static FieldSet FromFieldsV1(JsonNode? fields)
    {
        var set = new FieldSet();
        if (fields is JsonObject root)
        {
            set.Read(root, []);
        }

        return set;
    }

    public bool Contains(IReadOnlyList<string> path) => _paths.Contains(Join(path));

    /// <summary>Whether the set holds <paramref name="path"/> or anything below it.</summary>
    public bool ContainsOrBelow(IReadOnlyList<string> path)
    {
        var key = Join(path);
        return _paths.Any(p => p == key || p.StartsWith(key + Separator, StringComparison.Ordinal));
    }

    public void Add(IReadOnlyList<string> path) => _paths.Add(Join(path));

    public bool Remove(IReadOnlyList<string> path) => _paths.Remove(Join(path));

    public bool SetEquals(FieldSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return _paths.SetEquals(other._paths);
    }

    /// <summary>The set as a <c>fieldsV1</c> tree, keys in order.</summary>
    public JsonObject ToFieldsV1()
    {
        var root = new JsonObject();
        foreach (var path in _paths.Order(StringComparer.Ordinal).Select(Split))
        {
            var node = root;
            foreach (var element in path)
            {
                if (node[element] is not JsonObject child)
                {
                    child = new JsonObject();
                    node[element] = child;
                }

                node = child;
            }

            if (path[^1].StartsWith("k:", StringComparison.Ordinal))
            {
                node["."] = new JsonObject();
            }
        }

        return root;
    }

    /// <summary>A path as Kubernetes prints it in apply conflicts: <c>.spec.containers[name="app"].image</c>.</summary>
    public static string Describe(IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = new System.Text.StringBuilder();
        foreach (var element in path)
        {
            if (element.StartsWith("f:", StringComparison.Ordinal))
            {
                text.Append('.').Append(element.AsSpan(2));
            }
            else if (element.StartsWith("k:", StringComparison.Ordinal) && JsonNode.Parse(element[2..]) is JsonObject key)
            {
                text.Append('[').AppendJoin(',', key.Select(p => $"{p.Key}={p.Value?.ToJsonString()}")).Append(']');
            }
            else if (element.StartsWith("v:", StringComparison.Ordinal))
            {
                text.Append("[=").Append(element.AsSpan(2)).Append(']');
            }
        }

        return text.ToString();
    }

    /// <summary>The path element naming <paramref name="element"/> in a list merged by <paramref name="mergeKey"/>.</summary>
    public static string KeyElement(string mergeKey, JsonNode? keyValue) =>
        "k:" + new JsonObject { [mergeKey] = keyValue?.DeepClone() }.ToJsonString();

    public static string ValueElement(JsonNode? value) => "v:" + (value?.ToJsonString() ?? "null");

    private void Walk(JsonNode? value, PatchSchemaNode schema, List<string> path, Func<IReadOnlyList<string>, bool> ignored)
    {
        if (path.Count > 0 && ignored(path))
        {
            return;
        }

        switch (value)
        {
            case JsonObject map when map.Count == 0 && path.Count > 0:
                Add(path);
                break;
            case JsonObject map:
                foreach (var (name, child) in map)
                {
                    path.Add("f:" + name);
                    Walk(child, schema.Child(name), path, ignored);
                    path.RemoveAt(path.Count - 1);
                }

                break;
            case JsonArray list when schema.IsMergeList && schema.MergeKey.Length > 0:
                foreach (var element in list)
                {
                    if (element is not JsonObject item || !item.TryGetPropertyValue(schema.MergeKey, out var key))
                    {
                        throw new PatchException($"{Describe(path)}: every element needs its merge key \"{schema.MergeKey}\"");
                    }

                    path.Add(KeyElement(schema.MergeKey, key));
                    Add(path);
                    foreach (var (name, child) in item)
                    {
                        path.Add("f:" + name);
                        Walk(child, schema.Child(name), path, ignored);
                        path.RemoveAt(path.Count - 1);
                    }

                    path.RemoveAt(path.Count - 1);
                }

                break;
            case JsonArray list when schema.IsMergeList:
                foreach (var element in list)
                {
                    path.Add(ValueElement(element));
                    Add(path);
                    path.RemoveAt(path.Count - 1);
                }

                break;
            default:
                Add(path);
                break;
        }
    }

    private void Read(JsonObject node, List<string> path)
    {
        foreach (var (element, child) in node)
        {
            if (element == ".")
            {
                if (path.Count > 0)
                {
                    Add(path);
                }

                continue;
            }

            path.Add(element);
            if (child is JsonObject { Count: > 0 } inner)
            {
                Read(inner, path);
            }
            else
            {
                Add(path);
            }

            path.RemoveAt(path.Count - 1);
        }
    }

    private static string Join(IReadOnlyList<string> path) => string.Join(Separator, path);

    private static string[] Split(string key) => key.Split(Separator);

    internal static bool IsKeyElement(string element, JsonNode? item)
    {
        if (item is not JsonObject map || JsonNode.Parse(element[2..]) is not JsonObject key)
        {
            return false;
        }

        return key.All(p => map.TryGetPropertyValue(p.Key, out var value) && JsonNode.DeepEquals(value, p.Value));
    }

    internal static bool IsValueElement(string element, JsonNode? item)
    {
        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(element[2..]), item);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
