using Akka.Actor;
using Akka.Serialization;

namespace Orchestrator.Api.Entities;

/// <summary>
/// The storage format of the gateway's events, bound to <see cref="ResourceEvent"/> in reference.conf:
/// the event's own JSON payload under a stable manifest, so renaming a class never orphans stored events.
/// </summary>
public sealed class ResourceEventSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const string Created = "resource-created";
    public const string Updated = "resource-updated";
    public const string Deleted = "resource-deleted";

    public override int Identifier => 4001;

    public override string Manifest(object o) => o switch
    {
        ResourceCreated => Created,
        ResourceUpdated => Updated,
        ResourceDeleted => Deleted,
        _ => throw new ArgumentException($"{o?.GetType()} is not a resource event", nameof(o)),
    };

    public override byte[] ToBinary(object obj) =>
        (obj as ResourceEvent ?? throw new ArgumentException($"{obj?.GetType()} is not a resource event", nameof(obj))).Payload;

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        Created => new ResourceCreated(bytes),
        Updated => new ResourceUpdated(bytes),
        Deleted => new ResourceDeleted(bytes),
        _ => throw new System.Runtime.Serialization.SerializationException($"unknown resource event manifest \"{manifest}\""),
    };
}
