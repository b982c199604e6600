using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Orchestrator.Persistence;
using Orchestrator.Persistence.Serialization;

namespace Orchestrator.Api.Entities;

/// <summary>
/// What an entity persists: the whole object after the change, without its resourceVersion (the
/// journal revision the event gets becomes it). Whole-object events make the latest event alone
/// enough to rebuild an object, which is what lets old ones be deleted and compacted away.
/// </summary>
public abstract record ResourceEvent(JsonObject Object)
{
    /// <summary>The object serialized once by the entity that wrote it; absent on events read back from disk.</summary>
    [JsonIgnore]
    public ResourceSnapshot? Snapshot { get; init; }
}

public sealed record ResourceCreated(JsonObject Object) : ResourceEvent(Object);

public sealed record ResourceUpdated(JsonObject Object) : ResourceEvent(Object);

/// <summary>The object is gone; it carries its last state, which DELETED watch events show.</summary>
public sealed record ResourceDeleted(JsonObject Object) : ResourceEvent(Object);

public static class ResourceEventManifests
{
    public const string Created = "resource-created";
    public const string Updated = "resource-updated";
    public const string Deleted = "resource-deleted";

    private static SerializedEvent? Preserialized(ResourceEvent e) =>
        e.Snapshot is { } snapshot ? new SerializedEvent("", snapshot.Payload) { Local = snapshot } : null;

    public static EventSerializer Register(EventSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        // The entity's snapshot is the payload, and the watch cache's input through the live feed.
        return serializer
            .Register<ResourceCreated>(Created, null, Preserialized)
            .Register<ResourceUpdated>(Updated, null, Preserialized)
            .Register<ResourceDeleted>(Deleted, null, Preserialized);
    }
}
