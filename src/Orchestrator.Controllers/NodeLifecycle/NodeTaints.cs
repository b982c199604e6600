using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.NodeLifecycle;

/// <summary>The taints the node lifecycle controller manages, and reading and changing a node's spec.taints.</summary>
public static class NodeTaints
{
    public const string NotReady = "node.kubernetes.io/not-ready";
    public const string Unreachable = "node.kubernetes.io/unreachable";
    public const string Unschedulable = "node.kubernetes.io/unschedulable";
    public const string MemoryPressure = "node.kubernetes.io/memory-pressure";
    public const string DiskPressure = "node.kubernetes.io/disk-pressure";
    public const string PidPressure = "node.kubernetes.io/pid-pressure";
    public const string NetworkUnavailable = "node.kubernetes.io/network-unavailable";
    public const string NoExecute = "NoExecute";
    public const string NoSchedule = "NoSchedule";

    /// <summary>The NoSchedule taints the controller keeps in line with the node's conditions (doNoScheduleTaintingPass).</summary>
    public static readonly IReadOnlySet<string> NoScheduleKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        NotReady, Unreachable, Unschedulable, MemoryPressure, DiskPressure, PidPressure, NetworkUnavailable,
    };

    /// <summary>A node's spec.taints.</summary>
    public static IReadOnlyList<JsonObject> Of(JsonObject node) =>
        KubeObject.Get(node, "spec", "taints") is JsonArray taints ? [.. taints.OfType<JsonObject>()] : [];

    public static bool Has(JsonObject node, string key, string effect) =>
        Of(node).Any(t => Key(t) == key && Effect(t) == effect);

    public static string? Key(JsonObject taint) => taint["key"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static string? Effect(JsonObject taint) => taint["effect"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static string? Value(JsonObject taint) => taint["value"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>The NoSchedule taints the node's conditions and spec.unschedulable call for, by key.</summary>
    public static IReadOnlySet<string> WantedNoSchedule(JsonObject node)
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        switch (NodeConditions.Status(node, "Ready"))
        {
            case "False":
                wanted.Add(NotReady);
                break;
            case "Unknown":
                wanted.Add(Unreachable);
                break;
        }

        foreach (var (type, key) in (ReadOnlySpan<(string, string)>)[("MemoryPressure", MemoryPressure), ("DiskPressure", DiskPressure), ("PIDPressure", PidPressure), ("NetworkUnavailable", NetworkUnavailable)])
        {
            if (NodeConditions.Status(node, type) == "True")
            {
                wanted.Add(key);
            }
        }

        if (KubeObject.Get(node, "spec", "unschedulable") is JsonValue u && u.TryGetValue<bool>(out var unschedulable) && unschedulable)
        {
            wanted.Add(Unschedulable);
        }

        return wanted;
    }

    /// <summary>The node's managed NoSchedule taints now, by key.</summary>
    public static IReadOnlySet<string> CurrentNoSchedule(JsonObject node) =>
        Of(node).Where(t => Effect(t) == NoSchedule && Key(t) is { } k && NoScheduleKeys.Contains(k)).Select(t => Key(t)!).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The node's taints with <paramref name="add"/> added (where no taint of that key and effect is) and every taint
    /// whose key and effect <paramref name="remove"/> holds taken out; null when that changes nothing.
    /// </summary>
    public static JsonArray? Change(JsonObject node, IEnumerable<JsonObject> add, IEnumerable<(string Key, string Effect)> remove)
    {
        var removed = remove.ToHashSet();
        var result = new JsonArray();
        var changed = false;
        foreach (var taint in Of(node))
        {
            if (removed.Contains((Key(taint) ?? "", Effect(taint) ?? "")))
            {
                changed = true;
                continue;
            }

            result.Add(taint.DeepClone());
        }

        foreach (var taint in add)
        {
            if (!result.OfType<JsonObject>().Any(t => Key(t) == Key(taint) && Effect(t) == Effect(taint)))
            {
                result.Add(taint);
                changed = true;
            }
        }

        return changed ? result : null;
    }

    public static JsonObject New(string key, string effect, DateTimeOffset? timeAdded = null)
    {
        var taint = new JsonObject { ["key"] = key, ["effect"] = effect };
        if (timeAdded is { } time)
        {
            taint["timeAdded"] = Rfc3339(time);
        }

        return taint;
    }

    public static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
