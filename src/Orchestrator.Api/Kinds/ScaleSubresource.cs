using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// The <c>/scale</c> subresource of kinds with spec.replicas (Deployments, ReplicaSets): the object seen
/// as an autoscaling/v1 Scale, and a Scale written back into the object, as Kubernetes' scale REST
/// endpoints (scaleFromDeployment, ValidateScale) do.
/// </summary>
public static class ScaleSubresource
{
    public const string ApiVersion = "autoscaling/v1";
    public const string Kind = "Scale";

    /// <summary>
    /// The Scale of <paramref name="obj"/>: its identity (name, namespace, uid, resourceVersion,
    /// creationTimestamp), spec.replicas, and the observed status.replicas with the selector in its string
    /// form (<c>app=web</c>), which is how autoscalers find the pods.
    /// </summary>
    public static JsonObject ToScale(ResourceType type, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        if (!type.HasScale)
        {
            throw new ArgumentException($"{type} has no scale subresource", nameof(type));
        }

        var metadata = new JsonObject();
        foreach (var field in (string[])["name", "namespace", "uid", "resourceVersion", "creationTimestamp"])
        {
            if (KubeObject.Get(obj, "metadata", field) is { } value)
            {
                metadata[field] = value.DeepClone();
            }
        }

        var spec = JsonFields.Object(obj, "spec");

        // autoscaling/v1 omits spec.replicas when 0 and always writes status.replicas.
        var scaleSpec = new JsonObject();
        if (JsonFields.Integer(spec, "replicas") is { } replicas and not 0)
        {
            scaleSpec["replicas"] = JsonFields.Number(replicas);
        }

        var status = new JsonObject { ["replicas"] = JsonFields.Number(JsonFields.Integer(JsonFields.Object(obj, "status"), "replicas") ?? 0) };
        var selector = WorkloadSelectors.Format(spec?["selector"]);
        if (selector.Length > 0)
        {
            status["selector"] = selector;
        }

        return new JsonObject
        {
            ["kind"] = Kind,
            ["apiVersion"] = ApiVersion,
            ["metadata"] = metadata,
            ["spec"] = scaleSpec,
            ["status"] = status,
        };
    }

    /// <summary>
    /// Sets <paramref name="obj"/>'s spec.replicas from the Scale (an absent value is Go's 0). Nothing is
    /// changed when the Scale is invalid: the errors are returned for a 422.
    /// </summary>
    public static FieldErrorList ApplyScale(JsonObject obj, JsonObject scale)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(scale);
        var errors = new FieldErrorList();
        var path = FieldPath.Root("spec", "replicas");
        var scaleSpec = JsonFields.ReadObject(scale, "spec", FieldPath.Root("spec"), errors);
        var replicas = JsonFields.ReadInteger(scaleSpec, "replicas", path, errors) ?? 0;
        if (replicas < 0)
        {
            errors.Add(FieldError.Invalid(path, replicas, FieldRules.NonNegativeMessage));
        }
        else if (replicas > int.MaxValue)
        {
            errors.Add(FieldError.Invalid(path, replicas, ValidationRules.InclusiveRangeError(0, int.MaxValue)));
        }

        if (errors.IsEmpty && JsonFields.DefaultObject(obj, "spec") is { } spec)
        {
            spec["replicas"] = JsonFields.Number(replicas);
        }

        return errors;
    }
}
