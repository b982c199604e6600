namespace Orchestrator.Api.Resources;

/// <summary>What deleting an object does to its dependents when the request names no propagation policy (Kubernetes' rest.GarbageCollectionPolicy).</summary>
public enum GarbageCollectionPolicy
{
    /// <summary>The garbage collector deletes them (in the background).</summary>
    DeleteDependents,

    /// <summary>They are orphaned: the orphan finalizer holds the owner until their ownerReferences to it are removed.</summary>
    OrphanDependents,

    /// <summary>The kind takes no part in garbage collection: no finalizer is ever added on delete.</summary>
    Unsupported,
}
