using System.Collections.Concurrent;

namespace Orchestrator.Api.Watch;

/// <summary>
/// Point lookups into a watch cache from any thread, without a message round trip: what an informer's
/// lister is to a Kubernetes admission plugin. Its owning <see cref="WatchCache"/> alone writes it, so
/// it may trail the journal by the events in flight; readers that need the latest state read the cache.
/// </summary>
public sealed class CacheLister
{
    private readonly ConcurrentDictionary<string, CachedObject> _objects = new(StringComparer.Ordinal);

    public CachedObject? Get(string ns, string name) => _objects.GetValueOrDefault(WatchCache.Key(ns, name));

    /// <summary>Every cached object, in no order (for admission over small kinds, such as the default PriorityClass).</summary>
    public IEnumerable<CachedObject> All => _objects.Values;

    internal void Set(CachedObject obj) => _objects[obj.Key] = obj;

    internal void Remove(string key) => _objects.TryRemove(key, out _);
}
