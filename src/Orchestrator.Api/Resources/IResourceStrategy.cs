using System.Text.Json.Nodes;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Resources;

/// <summary>
/// What is particular to one kind when it is created, updated and deleted (Kubernetes' REST
/// strategies). The generic part — metadata validation, uid, timestamps, generation, resourceVersion,
/// keeping status apart when the kind has a status subresource — the gateway does for every kind.
/// </summary>
public interface IResourceStrategy
{
    /// <summary>The rule metadata.name follows: DNS-1123 subdomain for most kinds, a label for namespaces.</summary>
    NameValidator NameValidator { get; }

    /// <summary>Fills the fields a user may omit, as Kubernetes' defaulting does.</summary>
    void Default(JsonObject obj);

    /// <summary>Before a create, after defaulting: e.g. a pod's status.phase = Pending.</summary>
    void PrepareForCreate(JsonObject obj);

    /// <summary>Before an update of the main resource (status already restored from the stored object).</summary>
    void PrepareForUpdate(JsonObject obj, JsonObject old);

    /// <summary>Validates the kind-specific fields of a new object.</summary>
    FieldErrorList ValidateCreate(JsonObject obj);

    /// <summary>Validates an update: the new object and what may not change (immutable fields).</summary>
    FieldErrorList ValidateUpdate(JsonObject obj, JsonObject old);

    /// <summary>Validates a write through <c>/status</c>.</summary>
    FieldErrorList ValidateStatusUpdate(JsonObject obj, JsonObject old);

    /// <summary>
    /// The grace period a delete without one gets; null means the object is removed at once, whatever
    /// the delete asks (no graceful deletion). Pods answer spec.terminationGracePeriodSeconds, or null
    /// when they have no process to stop (never scheduled, or finished).
    /// </summary>
    long? DefaultGracePeriodSeconds(JsonObject obj);

    /// <summary>What a delete naming no propagation policy does to the object's dependents (Kubernetes' DefaultGarbageCollectionPolicy).</summary>
    GarbageCollectionPolicy DefaultGarbageCollectionPolicy { get; }

    /// <summary>What must be cleared before a deleting object goes: metadata.finalizers, and whatever else the kind keeps.</summary>
    IReadOnlyList<string> PendingFinalizers(JsonObject obj);

    /// <summary>What a deletion that must wait marks besides deletionTimestamp (a namespace turns Terminating).</summary>
    void PrepareForDelete(JsonObject obj);

    /// <summary>Why the object named <paramref name="name"/> may never be deleted, or null.</summary>
    string? ForbidsDelete(string name);

    /// <summary>A field a field selector names (spec.nodeName, status.phase): its value, "" when absent.</summary>
    string GetSelectableField(JsonObject obj, string field);
}
