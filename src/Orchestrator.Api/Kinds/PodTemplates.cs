using System.Text.Json.Nodes;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// The pod template of a workload (spec.template of a Deployment, ReplicaSet, DaemonSet or Job):
/// the pod spec defaults that apply to templates, and Kubernetes' ValidatePodTemplateSpec with the
/// extra rules of controllers whose pods must run forever.
/// </summary>
internal static class PodTemplates
{
    /// <summary>Defaults <c>spec.template</c>, creating it when absent as Go's zero value would be.</summary>
    public static void Default(JsonObject spec)
    {
        if (JsonFields.DefaultObject(spec, "template") is { } template)
        {
            PodDefaults.ApplyTemplate(template);
        }
    }

    /// <summary>Validates <c>spec.template</c> under <paramref name="path"/>; returns the template (empty when absent).</summary>
    public static JsonObject Validate(JsonObject? spec, FieldPath path, FieldErrorList errors)
    {
        var template = JsonFields.ReadObject(spec, "template", path, errors) ?? [];
        var metadata = JsonFields.ReadObject(template, "metadata", path.Child("metadata"), errors);

        // Kubernetes reports template labels and annotations without the "metadata" step.
        errors.AddRange(ObjectMetaValidator.ValidateLabels(JsonFields.ReadObject(metadata, "labels", path.Child("labels"), errors), path.Child("labels")));
        errors.AddRange(ObjectMetaValidator.ValidateAnnotations(JsonFields.ReadObject(metadata, "annotations", path.Child("annotations"), errors), path.Child("annotations")));
        errors.AddRange(PodSpecValidator.Validate(template, path.Child("spec"), resourceIsPod: false));
        if (JsonFields.Array(JsonFields.Object(template, "spec"), "ephemeralContainers") is { Count: > 0 })
        {
            errors.Add(FieldError.Forbidden(path.Child("spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"));
        }

        return template;
    }

    /// <summary>
    /// The pods of ReplicaSets, Deployments and DaemonSets run until deleted: restartPolicy Always and no
    /// activeDeadlineSeconds. <paramref name="kind"/> names the controller in the message, as Kubernetes does.
    /// </summary>
    public static void ValidateLongRunning(JsonObject template, FieldPath path, string kind, FieldErrorList errors)
    {
        var spec = JsonFields.Object(template, "spec");
        var restartPolicy = JsonFields.String(spec, "restartPolicy") ?? "";
        if (restartPolicy != "Always")
        {
            errors.Add(FieldError.NotSupported(path.Child("spec", "restartPolicy"), restartPolicy, ["Always"]));
        }

        if (JsonFields.Has(spec, "activeDeadlineSeconds"))
        {
            errors.Add(FieldError.Forbidden(path.Child("spec", "activeDeadlineSeconds"), $"activeDeadlineSeconds in {kind} is not Supported"));
        }
    }

    /// <summary>The template's labels (<c>template.metadata.labels</c>).</summary>
    public static Dictionary<string, string> Labels(JsonObject? template) => JsonFields.StringMap(JsonFields.Object(template, "metadata"), "labels");
}
