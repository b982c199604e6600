using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;
using Orchestrator.Client.Events;

namespace Orchestrator.Client.Informers;

/// <summary>
/// An informer's cache (client-go's ThreadSafeStore with a namespace index): written by its informer actor
/// alone, read by any actor through a <see cref="Lister"/>. Each write publishes a new immutable snapshot, so
/// readers take no lock and always see a consistent state.
/// </summary>
internal sealed class ThreadSafeStore
{
    private static readonly Snapshot Empty = new(
        ImmutableDictionary.Create<string, JsonObject>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, ImmutableDictionary<string, JsonObject>>(StringComparer.Ordinal));

    private volatile Snapshot _snapshot = Empty;
    private volatile bool _hasSynced;
    private volatile string? _lastSyncResourceVersion;

    /// <summary>The informer has delivered its first complete list.</summary>
    public bool HasSynced => _hasSynced;

    /// <summary>The resourceVersion of the last list or event the cache reflects.</summary>
    public string? LastSyncResourceVersion => _lastSyncResourceVersion;

    public Snapshot Current => _snapshot;

    public void MarkSynced() => _hasSynced = true;

    public void SetResourceVersion(string? resourceVersion)
    {
        if (!string.IsNullOrEmpty(resourceVersion))
        {
            _lastSyncResourceVersion = resourceVersion;
        }
    }

    /// <summary>Adds or replaces the object under its key; returns what was there before.</summary>
    public JsonObject? Upsert(string key, JsonObject obj)
    {
        var current = _snapshot;
        current.Items.TryGetValue(key, out var old);
        var ns = KubeObject.Namespace(obj) ?? "";
        var inNamespace = current.ByNamespace.TryGetValue(ns, out var existing) ? existing : Empty.Items;
        _snapshot = new Snapshot(current.Items.SetItem(key, obj), current.ByNamespace.SetItem(ns, inNamespace.SetItem(key, obj)));
        return old;
    }

    /// <summary>Removes the key; returns the object that was there.</summary>
    public JsonObject? Delete(string key)
    {
        var current = _snapshot;
        if (!current.Items.TryGetValue(key, out var old))
        {
            return null;
        }

        var ns = KubeObject.Namespace(old) ?? "";
        var byNamespace = current.ByNamespace;
        if (byNamespace.TryGetValue(ns, out var inNamespace))
        {
            inNamespace = inNamespace.Remove(key);
            byNamespace = inNamespace.IsEmpty ? byNamespace.Remove(ns) : byNamespace.SetItem(ns, inNamespace);
        }

        _snapshot = new Snapshot(current.Items.Remove(key), byNamespace);
        return old;
    }

    /// <summary>Replaces everything at once (after a list), in one snapshot.</summary>
    public void Replace(IReadOnlyDictionary<string, JsonObject> items)
    {
        var all = Empty.Items.ToBuilder();
        var byNamespace = new Dictionary<string, ImmutableDictionary<string, JsonObject>.Builder>(StringComparer.Ordinal);
        foreach (var (key, obj) in items)
        {
            all[key] = obj;
            var ns = KubeObject.Namespace(obj) ?? "";
            if (!byNamespace.TryGetValue(ns, out var builder))
            {
                builder = Empty.Items.ToBuilder();
                byNamespace[ns] = builder;
            }

            builder[key] = obj;
        }

        _snapshot = new Snapshot(all.ToImmutable(), byNamespace.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutable(), StringComparer.Ordinal));
    }

    /// <summary>One consistent state of the cache: every object by key, and by namespace ("" for cluster-scoped ones).</summary>
    public sealed record Snapshot(
        ImmutableDictionary<string, JsonObject> Items,
        ImmutableDictionary<string, ImmutableDictionary<string, JsonObject>> ByNamespace);
}
