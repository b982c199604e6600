using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;

namespace Orchestrator.Model.Patching;

/// <summary>
/// Server-side apply (<c>application/apply-patch+yaml</c>): merges a manager's configuration into the
/// live object, removes what the manager applied before and no longer does, and records who owns which
/// fields in <c>metadata.managedFields</c>. Lists merge as a strategic merge patch merges them (by key,
/// as sets, or whole). A field another manager applied with a different value is a conflict unless forced,
/// which takes the field over. Only applies record ownership here: other writes leave fields unowned.
/// </summary>
public static class ServerSideApply
{
    public const string Operation = "Apply";

    private static readonly HashSet<string> SystemMetadata = new(StringComparer.Ordinal)
    {
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink",
    };

    /// <summary>
    /// The object after <paramref name="manager"/> applies <paramref name="config"/> to
    /// <paramref name="live"/> (null: the object does not exist yet). <paramref name="now"/> stamps a
    /// changed ownership entry.
    /// </summary>
    /// <exception cref="ApplyConflictException">Other managers own fields the configuration changes, and <paramref name="force"/> is false.</exception>
    public static JsonObject Apply(JsonObject? live, JsonObject config, string kind, string manager, bool force, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrEmpty(manager);
        var rules = StrategicMergeSchema.Supports(kind) ? StrategicMergeSchema.RulesFor(kind) : [];
        var applied = FieldSet.FromObject(config, rules, Ignored);
        var entries = ManagedEntries(live);
        var mine = entries.FirstOrDefault(e => e.Manager == manager && e.Operation == Operation);
        var others = entries.Where(e => e != mine).ToList();

        var conflicts = new List<ApplyConflict>();
        foreach (var path in applied.Paths)
        {
            foreach (var other in others.Where(o => o.Fields.Contains(path) && !SameValue(live, config, path)))
            {
                if (force)
                {
                    other.Fields.Remove(path);
                    other.Changed = true;
                }
                else
                {
                    conflicts.Add(new ApplyConflict(other.Manager, other.ApiVersion, FieldSet.Describe(path)));
                }
            }
        }

        if (conflicts.Count > 0)
        {
            throw new ApplyConflictException(conflicts);
        }

        var patch = Stripped(config);
        var merged = live is null
            ? patch
            : rules.Count > 0 ? StrategicMergePatch.Apply(live, patch, rules) : JsonMergePatch.Apply(live, patch) as JsonObject ?? patch;

        // What this manager applied last time and no longer does goes, unless another manager holds it too.
        // Shallowest first: removing a list element or a map takes what is below it along.
        var previous = mine?.Fields ?? new FieldSet();
        var removed = new FieldSet();
        foreach (var path in previous.Paths.OrderBy(p => p.Count))
        {
            var underRemoved = Enumerable.Range(1, path.Count - 1).Any(n => removed.Contains(path.Take(n).ToList()));
            if (!underRemoved && !applied.ContainsOrBelow(path) && !others.Any(o => o.Fields.ContainsOrBelow(path)))
            {
                Remove(merged, path);
                removed.Add(path);
            }
        }

        KubeObject.Metadata(merged)["managedFields"] = ManagedFields(entries, mine, applied, manager, config, now);
        return merged;
    }

    private static bool Ignored(IReadOnlyList<string> path) => path switch
    {
        ["f:apiVersion" or "f:kind" or "f:status"] => true,
        ["f:metadata", var field] => SystemMetadata.Contains(field[2..]),
        _ => false,
    };

    /// <summary>The configuration without what apply never sets: status and system metadata.</summary>
    private static JsonObject Stripped(JsonObject config)
    {
        var copy = config.DeepClone().AsObject();
        copy.Remove("status");
        if (copy["metadata"] is JsonObject metadata)
        {
            foreach (var field in SystemMetadata.Where(f => f is not ("name" or "namespace")))
            {
                metadata.Remove(field);
            }
        }

        return copy;
    }

    private static JsonArray ManagedFields(List<ManagedEntry> entries, ManagedEntry? mine, FieldSet applied, string manager, JsonObject config, DateTimeOffset now)
    {
        var result = new JsonArray();
        var mineWritten = false;
        foreach (var entry in entries)
        {
            if (entry == mine)
            {
                // Unchanged ownership keeps its entry (and time), so an apply that changes nothing writes nothing.
                result.Add(entry.Fields.SetEquals(applied) ? entry.Json.DeepClone() : Entry(manager, config, applied, now));
                mineWritten = true;
            }
            else if (entry.Fields.Count > 0 || entry.Json["fieldsV1"] is null)
            {
                result.Add(entry.Changed ? WithFields(entry) : entry.Json.DeepClone());
            }
        }

        if (!mineWritten)
        {
            result.Add(Entry(manager, config, applied, now));
        }

        return result;
    }

    private static JsonObject Entry(string manager, JsonObject config, FieldSet applied, DateTimeOffset now) => new()
    {
        ["manager"] = manager,
        ["operation"] = Operation,
        ["apiVersion"] = config["apiVersion"]?.DeepClone(),
        ["time"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["fieldsType"] = "FieldsV1",
        ["fieldsV1"] = applied.ToFieldsV1(),
    };

    private static JsonObject WithFields(ManagedEntry entry)
    {
        var copy = entry.Json.DeepClone().AsObject();
        copy["fieldsV1"] = entry.Fields.ToFieldsV1();
        return copy;
    }

    private static List<ManagedEntry> ManagedEntries(JsonObject? live) =>
        live?["metadata"]?["managedFields"] is JsonArray managed
            ? [.. managed.OfType<JsonObject>().Select(e => new ManagedEntry(
                e,
                e["manager"] is JsonValue m && m.TryGetValue<string>(out var name) ? name : "",
                e["operation"] is JsonValue o && o.TryGetValue<string>(out var operation) ? operation : "",
                FieldSet.FromFieldsV1(e["fieldsV1"])))]
            : [];

    private static bool SameValue(JsonObject? live, JsonObject config, IReadOnlyList<string> path)
    {
        if (path[^1].StartsWith("k:", StringComparison.Ordinal) || path[^1].StartsWith("v:", StringComparison.Ordinal))
        {
            return true; // an element's identity is its key: only its fields can conflict
        }

        var (foundLive, liveValue) = Find(live, path);
        var (_, configValue) = Find(config, path);
        return foundLive && JsonNode.DeepEquals(liveValue, configValue);
    }

    private static (bool Found, JsonNode? Node) Find(JsonNode? root, IReadOnlyList<string> path)
    {
        var node = root;
        foreach (var element in path)
        {
            (var found, node) = Step(node, element);
            if (!found)
            {
                return (false, null);
            }
        }

        return (true, node);
    }

    private static (bool Found, JsonNode? Node) Step(JsonNode? node, string element)
    {
        if (element.StartsWith("f:", StringComparison.Ordinal))
        {
            return node is JsonObject map && map.TryGetPropertyValue(element[2..], out var child) ? (true, child) : (false, null);
        }

        if (node is JsonArray list)
        {
            var match = element.StartsWith("k:", StringComparison.Ordinal)
                ? list.FirstOrDefault(item => FieldSet.IsKeyElement(element, item))
                : list.FirstOrDefault(item => FieldSet.IsValueElement(element, item));
            return match is null ? (false, null) : (true, match);
        }

        return (false, null);
    }

    private static void Remove(JsonObject root, IReadOnlyList<string> path)
    {
        var (found, parent) = Find(root, path.Take(path.Count - 1).ToList());
        if (!found)
        {
            return;
        }

        var last = path[^1];
        switch (parent)
        {
            case JsonObject map when last.StartsWith("f:", StringComparison.Ordinal):
                map.Remove(last[2..]);
                break;
            case JsonArray list:
                var (_, item) = Step(list, last);
                if (item is not null)
                {
                    list.Remove(item);
                }

                break;
        }
    }

    private sealed class ManagedEntry(JsonObject json, string manager, string operation, FieldSet fields)
    {
        public JsonObject Json { get; } = json;

        public string Manager { get; } = manager;

        public string Operation { get; } = operation;

        public FieldSet Fields { get; } = fields;

        public string ApiVersion => Json["apiVersion"] is JsonValue v && v.TryGetValue<string>(out var apiVersion) ? apiVersion : "";

        public bool Changed { get; set; }
    }
}
