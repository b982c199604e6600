using System.Text.Json.Nodes;
using Orchestrator.Persistence.Serialization;

namespace Orchestrator.Api.Entities;

/// <summary>
/// What an entity persists: the whole object after the change, without its resourceVersion (the
/// journal revision the event gets becomes it). Whole-object events make the latest event alone
/// enough to rebuild an object, which is what lets old ones be deleted and compacted away.
/// </summary>
public abstract record ResourceEvent(JsonObject Object);

public sealed record ResourceCreated(JsonObject Object) : ResourceEvent(Object);

public sealed record ResourceUpdated(JsonObject Object) : ResourceEvent(Object);

/// <summary>The object is gone; it carries its last state, which DELETED watch events show.</summary>
public sealed record ResourceDeleted(JsonObject Object) : ResourceEvent(Object);

public static class ResourceEventManifests
{
    public const string Created = "resource-created";
    public const string Updated = "resource-updated";
    public const string Deleted = "resource-deleted";

    public static EventSerializer Register(EventSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        return serializer
            .Register<ResourceCreated>(Created)
            .Register<ResourceUpdated>(Updated)
            .Register<ResourceDeleted>(Deleted);
    }
}
