using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// apps/v1 DaemonSet (Kubernetes' pkg/registry/apps/daemonset): a rolling update one node at a time
/// without surge, ten old revisions kept, pods that always restart, a selector matching the template
/// that may not change, and the deprecated template generation counted in an annotation.
/// </summary>
public sealed class DaemonSetStrategy : WorkloadStrategy
{
    public const string RollingUpdate = "RollingUpdate";
    public const string OnDelete = "OnDelete";

    /// <summary>How apps/v1 carries the internal spec.templateGeneration: bumped on every template change.</summary>
    public const string TemplateGenerationAnnotation = "deprecated.daemonset.template.generation";

    private static readonly string[] StrategyTypes = [RollingUpdate, OnDelete];

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ResourceQuantities.Canonicalize(obj, "apps/v1", "DaemonSet");
        if (JsonFields.DefaultObject(obj, "spec") is not { } spec)
        {
            return;
        }

        if (JsonFields.DefaultObject(spec, "updateStrategy") is { } strategy)
        {
            JsonFields.SetDefaultString(strategy, "type", RollingUpdate);
            if (JsonFields.String(strategy, "type") == RollingUpdate && JsonFields.DefaultObject(strategy, "rollingUpdate") is { } rollingUpdate)
            {
                JsonFields.SetDefault(rollingUpdate, "maxUnavailable", JsonFields.Number(1));
                JsonFields.SetDefault(rollingUpdate, "maxSurge", JsonFields.Number(0));
            }
        }

        JsonFields.SetDefault(spec, "revisionHistoryLimit", JsonFields.Number(DeploymentStrategy.DefaultRevisionHistoryLimit));
        PodTemplates.Default(spec);
    }

    // The counters of DaemonSetStatus without omitempty start at 0.
    public override void PrepareForCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject
        {
            ["currentNumberScheduled"] = 0,
            ["numberMisscheduled"] = 0,
            ["desiredNumberScheduled"] = 0,
            ["numberReady"] = 0,
        };
        SetTemplateGeneration(obj, 1);
    }

    public override void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        var generation = long.TryParse(KubeObject.Annotations(old).GetValueOrDefault(TemplateGenerationAnnotation), NumberStyles.None, CultureInfo.InvariantCulture, out var oldGeneration)
            ? oldGeneration
            : 0;
        var templateChanged = !JsonSemantics.AreEqual(JsonFields.Object(obj, "spec")?["template"], JsonFields.Object(old, "spec")?["template"]);
        SetTemplateGeneration(obj, templateChanged ? generation + 1 : generation);
    }

    public override FieldErrorList ValidateCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var errors = new FieldErrorList();
        var path = FieldPath.Root("spec");
        var spec = JsonFields.ReadObject(obj, "spec", path, errors);
        var selector = WorkloadSelectors.ValidateOptional(spec, path.Child("selector"), "daemonset", errors);
        var template = PodTemplates.Validate(spec, path.Child("template"), errors);
        WorkloadSelectors.ValidateMatchesTemplate(selector, template, path.Child("template"), skipEmpty: false, errors);
        PodTemplates.ValidateLongRunning(template, path.Child("template"), "DaemonSet", errors);
        FieldRules.NonNegative(spec, "minReadySeconds", path.Child("minReadySeconds"), errors);
        ValidateUpdateStrategy(spec, path.Child("updateStrategy"), errors);
        FieldRules.NonNegative(spec, "revisionHistoryLimit", path.Child("revisionHistoryLimit"), errors);
        return errors;
    }

    public override FieldErrorList ValidateStatusUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        var errors = new FieldErrorList();
        var path = FieldPath.Root("status");
        var status = JsonFields.ReadObject(obj, "status", path, errors);
        FieldRules.NonNegative(status, path, errors,
            "currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled", "numberReady", "observedGeneration",
            "updatedNumberScheduled", "numberAvailable", "numberUnavailable", "collisionCount");
        if (JsonFields.Integer(status, "collisionCount") is { } collisions && collisions < (JsonFields.Integer(JsonFields.Object(old, "status"), "collisionCount") ?? 0))
        {
            errors.Add(FieldError.Invalid(path.Child("collisionCount"), collisions, "cannot be decremented"));
        }

        return errors;
    }

    private static void ValidateUpdateStrategy(JsonObject? spec, FieldPath path, FieldErrorList errors)
    {
        var strategy = JsonFields.ReadObject(spec, "updateStrategy", path, errors);
        var type = JsonFields.ReadString(strategy, "type", path.Child("type"), errors);
        var rollingUpdatePath = path.Child("rollingUpdate");
        switch (type)
        {
            case OnDelete:
                break;
            case RollingUpdate:
                if (JsonFields.ReadObject(strategy, "rollingUpdate", rollingUpdatePath, errors) is not { } rollingUpdate)
                {
                    errors.Add(FieldError.Required(rollingUpdatePath));
                    break;
                }

                var unavailablePath = rollingUpdatePath.Child("maxUnavailable");
                var surgePath = rollingUpdatePath.Child("maxSurge");
                var hasUnavailable = IntOrPercent.Validate(rollingUpdate["maxUnavailable"], unavailablePath, errors) != 0;
                var hasSurge = IntOrPercent.Validate(rollingUpdate["maxSurge"], surgePath, errors) != 0;
                IntOrPercent.NotMoreThan100Percent(rollingUpdate["maxUnavailable"], unavailablePath, errors);
                IntOrPercent.NotMoreThan100Percent(rollingUpdate["maxSurge"], surgePath, errors);
                if (hasUnavailable && hasSurge)
                {
                    errors.Add(FieldError.Invalid(surgePath, rollingUpdate["maxSurge"]?.DeepClone(), "may not be set when maxUnavailable is non-zero"));
                }
                else if (!hasUnavailable && !hasSurge)
                {
                    errors.Add(FieldError.Required(unavailablePath, "cannot be 0 when maxSurge is 0"));
                }

                break;
            default:
                errors.Add(FieldError.NotSupported(path, strategy?.DeepClone(), StrategyTypes));
                break;
        }
    }

    private static void SetTemplateGeneration(JsonObject obj, long generation)
    {
        var annotations = KubeObject.EnsureObject(obj, "metadata", "annotations");
        annotations[TemplateGenerationAnnotation] = generation.ToString(CultureInfo.InvariantCulture);
    }
}
