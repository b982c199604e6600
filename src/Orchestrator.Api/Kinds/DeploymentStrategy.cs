using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// apps/v1 Deployment (Kubernetes' pkg/registry/apps/deployment and apps/v1 defaulting): one replica,
/// a 25%/25% rolling update, ten old ReplicaSets kept, a 600 s progress deadline and the pod template
/// defaults; a required selector matching the template, which may not change once created.
/// </summary>
public sealed class DeploymentStrategy : WorkloadStrategy
{
    public const string RollingUpdate = "RollingUpdate";
    public const string Recreate = "Recreate";
    public const string DefaultMaxUnavailable = "25%";
    public const string DefaultMaxSurge = "25%";
    public const long DefaultRevisionHistoryLimit = 10;
    public const long DefaultProgressDeadlineSeconds = 600;

    private static readonly string[] StrategyTypes = [Recreate, RollingUpdate];

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ResourceQuantities.Canonicalize(obj, "apps/v1", "Deployment");
        if (JsonFields.DefaultObject(obj, "spec") is not { } spec)
        {
            return;
        }

        JsonFields.SetDefault(spec, "replicas", JsonFields.Number(1));
        if (JsonFields.DefaultObject(spec, "strategy") is { } strategy)
        {
            JsonFields.SetDefaultString(strategy, "type", RollingUpdate);
            if (JsonFields.String(strategy, "type") == RollingUpdate && JsonFields.DefaultObject(strategy, "rollingUpdate") is { } rollingUpdate)
            {
                JsonFields.SetDefault(rollingUpdate, "maxUnavailable", DefaultMaxUnavailable);
                JsonFields.SetDefault(rollingUpdate, "maxSurge", DefaultMaxSurge);
            }
        }

        JsonFields.SetDefault(spec, "revisionHistoryLimit", JsonFields.Number(DefaultRevisionHistoryLimit));
        JsonFields.SetDefault(spec, "progressDeadlineSeconds", JsonFields.Number(DefaultProgressDeadlineSeconds));
        PodTemplates.Default(spec);
    }

    public override void PrepareForCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject();
    }

    public override FieldErrorList ValidateCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var errors = new FieldErrorList();
        var path = FieldPath.Root("spec");
        var spec = JsonFields.ReadObject(obj, "spec", path, errors);
        FieldRules.NonNegative(spec, "replicas", path.Child("replicas"), errors);
        var selector = WorkloadSelectors.ValidateRequired(spec, path.Child("selector"), "deployment", errors);
        var template = PodTemplates.Validate(spec, path.Child("template"), errors);
        WorkloadSelectors.ValidateMatchesTemplate(selector, template, path.Child("template"), skipEmpty: true, errors);
        PodTemplates.ValidateLongRunning(template, path.Child("template"), "ReplicaSet", errors);
        ValidateStrategy(spec, path.Child("strategy"), errors);
        var minReady = FieldRules.NonNegative(spec, "minReadySeconds", path.Child("minReadySeconds"), errors) ?? 0;
        FieldRules.NonNegative(spec, "revisionHistoryLimit", path.Child("revisionHistoryLimit"), errors);
        if (FieldRules.NonNegative(spec, "progressDeadlineSeconds", path.Child("progressDeadlineSeconds"), errors) is { } deadline && deadline <= minReady)
        {
            errors.Add(FieldError.Invalid(path.Child("progressDeadlineSeconds"), deadline, "must be greater than minReadySeconds"));
        }

        JsonFields.ReadBool(spec, "paused", path.Child("paused"), errors);
        return errors;
    }

    public override FieldErrorList ValidateStatusUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        var errors = new FieldErrorList();
        var path = FieldPath.Root("status");
        var status = JsonFields.ReadObject(obj, "status", path, errors);
        FieldRules.NonNegative(status, path, errors, "observedGeneration", "replicas", "updatedReplicas", "readyReplicas", "availableReplicas", "unavailableReplicas", "collisionCount");
        const string AboveReplicas = "cannot be greater than status.replicas";
        FieldRules.NotGreaterThan(status, "updatedReplicas", "replicas", path, AboveReplicas, errors);
        FieldRules.NotGreaterThan(status, "readyReplicas", "replicas", path, AboveReplicas, errors);
        FieldRules.NotGreaterThan(status, "availableReplicas", "replicas", path, AboveReplicas, errors);
        FieldRules.NotGreaterThan(status, "availableReplicas", "readyReplicas", path, "cannot be greater than readyReplicas", errors);
        return errors;
    }

    private static void ValidateStrategy(JsonObject? spec, FieldPath path, FieldErrorList errors)
    {
        var strategy = JsonFields.ReadObject(spec, "strategy", path, errors);
        var type = JsonFields.ReadString(strategy, "type", path.Child("type"), errors);
        var rollingUpdatePath = path.Child("rollingUpdate");
        var rollingUpdate = JsonFields.ReadObject(strategy, "rollingUpdate", rollingUpdatePath, errors);
        switch (type)
        {
            case Recreate:
                if (rollingUpdate is not null)
                {
                    errors.Add(FieldError.Forbidden(rollingUpdatePath, "may not be specified when strategy `type` is 'Recreate'"));
                }

                break;
            case RollingUpdate:
                if (rollingUpdate is null)
                {
                    errors.Add(FieldError.Required(rollingUpdatePath, "this should be defaulted and never be nil"));
                    break;
                }

                var maxUnavailable = IntOrPercent.Validate(rollingUpdate["maxUnavailable"], rollingUpdatePath.Child("maxUnavailable"), errors);
                var maxSurge = IntOrPercent.Validate(rollingUpdate["maxSurge"], rollingUpdatePath.Child("maxSurge"), errors);
                if (maxUnavailable == 0 && maxSurge == 0)
                {
                    errors.Add(FieldError.Invalid(rollingUpdatePath.Child("maxUnavailable"), rollingUpdate["maxUnavailable"]?.DeepClone(), "may not be 0 when `maxSurge` is 0"));
                }

                IntOrPercent.NotMoreThan100Percent(rollingUpdate["maxUnavailable"], rollingUpdatePath.Child("maxUnavailable"), errors);
                break;
            default:
                errors.Add(FieldError.NotSupported(path, strategy?.DeepClone(), StrategyTypes));
                break;
        }
    }
}
