using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// What the pod-template workloads (Deployment, ReplicaSet, DaemonSet) share: an update is validated
/// like a create, and the selector cannot change once the workload exists.
/// </summary>
public abstract class WorkloadStrategy : ResourceStrategy
{
    public sealed override FieldErrorList ValidateUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ValidateCreate(obj);
        FieldRules.Immutable(JsonFields.Object(obj, "spec")?["selector"], JsonFields.Object(old, "spec")?["selector"], FieldPath.Root("spec", "selector"), errors);
        return errors;
    }
}
