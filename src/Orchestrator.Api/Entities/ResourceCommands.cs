using Orchestrator.Api.Messaging;

namespace Orchestrator.Api.Entities;

/// <summary>
/// A command to one object's entity; the shard region routes it by <see cref="Key"/>. Objects travel as
/// their JSON bytes, so commands are plain data that can reach the member owning the object.
/// </summary>
public abstract record ResourceCommand(ResourceKey Key) : IGatewayMessage;

/// <summary>Create the object, which the write path has already named, defaulted, validated and admitted.</summary>
public sealed record CreateResource(ResourceKey Key, byte[] Object, bool DryRun) : ResourceCommand(Key);

/// <summary>Replace the object (PUT), or its status when <see cref="Subresource"/> is "status" (or its finalizers: "finalize").</summary>
public sealed record UpdateResource(ResourceKey Key, byte[] Object, string? Subresource, bool DryRun) : ResourceCommand(Key);

/// <summary>Apply a patch to the stored object, atomically inside the entity; <see cref="Apply"/> is set for server-side apply.</summary>
public sealed record PatchResource(ResourceKey Key, PatchKind Kind, byte[] Patch, string? Subresource, bool DryRun, ApplyOptions? Apply = null) : ResourceCommand(Key);

/// <summary>Who applies (metav1.PatchOptions fieldManager) and whether they take over conflicting fields.</summary>
public sealed record ApplyOptions(string FieldManager, bool Force) : IGatewayMessage;

public sealed record DeleteResource(ResourceKey Key, DeleteOptions Options) : ResourceCommand(Key);

/// <summary>The stored object, read from its entity (the watch cache serves ordinary reads).</summary>
public sealed record GetResource(ResourceKey Key) : ResourceCommand(Key);

/// <summary>Assign a pod to a node (the binding subresource): only an unbound pod can be bound.</summary>
public sealed record BindPod(ResourceKey Key, string NodeName) : ResourceCommand(Key);

/// <summary>
/// Read or change the scale subresource (autoscaling/v1 Scale): with neither <see cref="Scale"/> nor
/// <see cref="Patch"/> it reads, otherwise it replaces or patches the Scale and writes spec.replicas back.
/// </summary>
public sealed record ScaleResource(ResourceKey Key, byte[]? Scale, PatchKind? Kind, byte[]? Patch, bool DryRun) : ResourceCommand(Key);

public enum PatchKind
{
    Merge,
    Json,
    StrategicMerge,

    /// <summary>Server-side apply: <c>application/apply-patch+yaml</c>.</summary>
    Apply,
}

/// <summary>metav1.DeleteOptions as far as the gateway honours them.</summary>
public sealed record DeleteOptions(long? GracePeriodSeconds, string? PreconditionUid, string? PreconditionResourceVersion, string? PropagationPolicy, bool DryRun) : IGatewayMessage
{
    public static DeleteOptions None { get; } = new(null, null, null, null, false);
}
