using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// apps/v1 ReplicaSet (Kubernetes' pkg/registry/apps/replicaset): one replica by default, a required
/// non-empty selector matching the pod template, pods that always restart, and a selector that may
/// not change once created.
/// </summary>
public sealed class ReplicaSetStrategy : WorkloadStrategy
{
    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ResourceQuantities.Canonicalize(obj, "apps/v1", "ReplicaSet");
        if (JsonFields.DefaultObject(obj, "spec") is not { } spec)
        {
            return;
        }

        JsonFields.SetDefault(spec, "replicas", JsonFields.Number(1));
        PodTemplates.Default(spec);
    }

    // ReplicaSetStatus.replicas is not omitempty: a new ReplicaSet reports 0.
    public override void PrepareForCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject { ["replicas"] = 0 };
    }

    public override FieldErrorList ValidateCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var errors = new FieldErrorList();
        var path = FieldPath.Root("spec");
        var spec = JsonFields.ReadObject(obj, "spec", path, errors);
        FieldRules.NonNegative(spec, "replicas", path.Child("replicas"), errors);
        FieldRules.NonNegative(spec, "minReadySeconds", path.Child("minReadySeconds"), errors);
        var selector = WorkloadSelectors.ValidateRequired(spec, path.Child("selector"), "deployment", errors);
        var template = PodTemplates.Validate(spec, path.Child("template"), errors);
        WorkloadSelectors.ValidateMatchesTemplate(selector, template, path.Child("template"), skipEmpty: true, errors);
        PodTemplates.ValidateLongRunning(template, path.Child("template"), "ReplicaSet", errors);
        return errors;
    }

    public override FieldErrorList ValidateStatusUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        var errors = new FieldErrorList();
        var path = FieldPath.Root("status");
        var status = JsonFields.ReadObject(obj, "status", path, errors);
        FieldRules.NonNegative(status, path, errors, "replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas", "observedGeneration");
        const string AboveReplicas = "cannot be greater than status.replicas";
        FieldRules.NotGreaterThan(status, "fullyLabeledReplicas", "replicas", path, AboveReplicas, errors);
        FieldRules.NotGreaterThan(status, "readyReplicas", "replicas", path, AboveReplicas, errors);
        FieldRules.NotGreaterThan(status, "availableReplicas", "replicas", path, AboveReplicas, errors);
        FieldRules.NotGreaterThan(status, "availableReplicas", "readyReplicas", path, "cannot be greater than readyReplicas", errors);
        return errors;
    }
}
