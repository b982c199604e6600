using System.Text.Json.Nodes;

namespace Orchestrator.Api.Entities;

/// <summary>A write addressed to one object's entity; the shard region routes it by <see cref="Key"/>.</summary>
public abstract record ResourceCommand(ResourceKey Key);

/// <summary>Create the object, which the gateway has already defaulted and validated.</summary>
public sealed record CreateResource(ResourceKey Key, JsonObject Object, bool DryRun) : ResourceCommand(Key);

/// <summary>Replace the object (PUT), or its status when <see cref="Subresource"/> is "status".</summary>
public sealed record UpdateResource(ResourceKey Key, JsonObject Object, string? Subresource, bool DryRun) : ResourceCommand(Key);

/// <summary>Apply a patch to the stored object, atomically inside the entity; <see cref="Apply"/> is set for server-side apply.</summary>
public sealed record PatchResource(ResourceKey Key, PatchKind Kind, JsonNode Patch, string? Subresource, bool DryRun, ApplyOptions? Apply = null) : ResourceCommand(Key);

/// <summary>Who applies (metav1.PatchOptions fieldManager) and whether they take over conflicting fields.</summary>
public sealed record ApplyOptions(string FieldManager, bool Force);

public sealed record DeleteResource(ResourceKey Key, DeleteOptions Options) : ResourceCommand(Key);

/// <summary>The stored object, read from its entity (the watch cache serves ordinary reads).</summary>
public sealed record GetResource(ResourceKey Key) : ResourceCommand(Key);

public enum PatchKind
{
    Merge,
    Json,
    StrategicMerge,

    /// <summary>Server-side apply: <c>application/apply-patch+yaml</c>.</summary>
    Apply,
}

/// <summary>metav1.DeleteOptions as far as the gateway honours them.</summary>
public sealed record DeleteOptions(long? GracePeriodSeconds, string? PreconditionUid, string? PreconditionResourceVersion, string? PropagationPolicy, bool DryRun)
{
    public static DeleteOptions None { get; } = new(null, null, null, null, false);
}

/// <summary>
/// The outcome of a command: the object as stored (with its resourceVersion) already serialized on the
/// entity, so no other thread ever reads the entity's JSON tree, or the error.
/// </summary>
public sealed record ResourceResult(int StatusCode, byte[]? Json, Errors.StatusException? Error)
{
    public static ResourceResult Ok(byte[] json) => new(200, json, null);

    public static ResourceResult Created(byte[] json) => new(201, json, null);

    public static ResourceResult Accepted(byte[] json) => new(202, json, null);

    public static ResourceResult Failed(Errors.StatusException error) => new(error?.Code ?? 500, null, error);
}

/// <summary>Assign a pod to a node (the binding subresource): only an unbound pod can be bound.</summary>
public sealed record BindPod(ResourceKey Key, string NodeName) : ResourceCommand(Key);

/// <summary>
/// Read or change the scale subresource (autoscaling/v1 Scale): with neither <see cref="Scale"/> nor
/// <see cref="Patch"/> it reads, otherwise it replaces or patches the Scale and writes spec.replicas back.
/// </summary>
public sealed record ScaleResource(ResourceKey Key, JsonObject? Scale, PatchKind? Kind, JsonNode? Patch, bool DryRun) : ResourceCommand(Key);
