using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Client.Events;

namespace Orchestrator.Client.Informers;

/// <summary>
/// A change to an informer's cache, as its subscribers get it: the object as cached now (for Deleted: as last
/// known) and, for Updated, as it was before. The objects are the cache's own: never change them.
/// It holds cache objects, so it never leaves the process (no serialization check).
/// </summary>
public sealed record InformerEvent(InformerKey Informer, InformerEventType Type, JsonObject Object) : INoSerializationVerificationNeeded
{
    /// <summary>For Updated, the object before the change (the same object on a periodic resync); null otherwise.</summary>
    public JsonObject? OldObject { get; init; }

    /// <summary>Added as part of the informer's first list (or the replay a late subscriber gets), not as a new object.</summary>
    public bool IsInInitialList { get; init; }
}
