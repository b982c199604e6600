using System.Text.Json.Nodes;
using Orchestrator.Model.Selectors;
using Orchestrator.Client.Events;

namespace Orchestrator.Client.Informers;

/// <summary>
/// Reads an informer's cache (client-go's listers), from any actor or thread.
/// </summary>
/// <remarks>
/// The objects handed out are the cache's own, shared by every controller: callers must never change them
/// (nor attach them to another JSON node). A caller that wants to modify an object to write it back takes a
/// private copy with <see cref="GetForUpdate"/> (or <see cref="JsonNode.DeepClone"/>), as client-go code
/// calls DeepCopy before changing a cached object.
/// </remarks>
public sealed class Lister
{
    private readonly ThreadSafeStore _store;

    internal Lister(InformerKey informer, ThreadSafeStore store)
    {
        Informer = informer;
        _store = store;
    }

    public InformerKey Informer { get; }

    /// <summary>The cache holds a complete list: until then, an absent object may merely not have arrived yet.</summary>
    public bool HasSynced => _store.HasSynced;

    /// <summary>The resourceVersion of the last list or change the cache reflects.</summary>
    public string? LastSyncResourceVersion => _store.LastSyncResourceVersion;

    public int Count => _store.Count;

    /// <summary>The cached object, or null; do not change it.</summary>
    public JsonObject? Get(string? ns, string name) => GetByKey(ObjectKey.For(ns, name));

    /// <summary>The cached object under a "namespace/name" (or "name") key, or null; do not change it.</summary>
    public JsonObject? GetByKey(string key) => _store.Get(key);

    /// <summary>A private deep copy of the cached object, which the caller may change and write back; null when absent.</summary>
    public JsonObject? GetForUpdate(string? ns, string name) => Get(ns, name)?.DeepClone().AsObject();

    /// <summary>Every cached object the selector matches (all when null); do not change them.</summary>
    public IReadOnlyList<JsonObject> List(LabelSelector? selector = null) => Select(_store.Values(), selector);

    /// <summary>The cached objects of one namespace ("" or null: cluster-scoped ones) the selector matches; do not change them.</summary>
    public IReadOnlyList<JsonObject> List(string? ns, LabelSelector? selector = null) =>
        Select(_store.ValuesIn(ns ?? ""), selector);

    /// <summary>Every cached key.</summary>
    public IReadOnlyList<string> ListKeys() => _store.Keys();

    private static JsonObject[] Select(JsonObject[] objects, LabelSelector? selector) =>
        selector is null || selector.IsEmpty ? objects : [.. objects.Where(selector.Matches)];
}
