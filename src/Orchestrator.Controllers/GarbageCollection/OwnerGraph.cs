using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.GarbageCollection;

/// <summary>
/// The garbage collector's view of ownership (Kubernetes' GraphBuilder, reduced to what is looked up): every
/// observed object's key by uid, and the dependents that name each uid in their ownerReferences. Fed from the
/// informers' events on the controller's actor; read by the syncs beside it.
/// </summary>
public sealed class OwnerGraph
{
    private readonly ConcurrentDictionary<string, string> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _dependents = new(StringComparer.Ordinal);

    /// <summary>Records a change: <paramref name="current"/> null for a deletion.</summary>
    /// <remarks>
    /// Only the owners the change added or dropped are touched: syncs read the graph while it changes, and an
    /// owner whose dependent was taken out and put back on every update of it could be seen without it for a
    /// moment, and its foreground deletion end before the dependent's.
    /// </remarks>
    public void Observe(string key, JsonObject? old, JsonObject? current)
    {
        var kept = OwnerUids(current).ToHashSet(StringComparer.Ordinal);
        foreach (var owner in OwnerUids(old))
        {
            if (!kept.Contains(owner) && _dependents.TryGetValue(owner, out var dependents))
            {
                dependents.TryRemove(key, out _);
                if (dependents.IsEmpty)
                {
                    _dependents.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, byte>>(owner, dependents));
                }
            }
        }

        if (current is null)
        {
            if (old is not null && KubeObject.Uid(old) is { } gone)
            {
                _keys.TryRemove(new KeyValuePair<string, string>(gone, key));
            }

            return;
        }

        if (KubeObject.Uid(current) is { Length: > 0 } uid)
        {
            _keys[uid] = key;
        }

        foreach (var owner in kept)
        {
            _dependents.GetOrAdd(owner, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal))[key] = 0;
        }
    }

    /// <summary>The keys of the objects whose ownerReferences name <paramref name="uid"/>.</summary>
    public IReadOnlyList<string> DependentsOf(string? uid) =>
        uid is not null && _dependents.TryGetValue(uid, out var dependents) ? [.. dependents.Keys] : [];

    /// <summary>The key of the object observed with this uid, or null.</summary>
    public string? KeyOf(string uid) => _keys.GetValueOrDefault(uid);

    /// <summary>The uids an object's ownerReferences name.</summary>
    public static IEnumerable<string> OwnerUids(JsonObject? obj) =>
        obj is null
            ? []
            : OwnerReferences(obj).Select(o => o["uid"]?.ToString()).OfType<string>().Where(u => u.Length > 0);

    public static IReadOnlyList<JsonObject> OwnerReferences(JsonObject obj) =>
        (KubeObject.Get(obj, "metadata", "ownerReferences") as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
}
