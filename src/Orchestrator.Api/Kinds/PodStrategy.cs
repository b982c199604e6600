using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// v1 Pod (Kubernetes' pkg/registry/core/pod/strategy.go): defaulting and the default admission
/// mutations, a Pending status with its QoS class on create, ValidatePodCreate / ValidatePodUpdate /
/// ValidatePodStatusUpdate, graceful deletion over spec.terminationGracePeriodSeconds and the pod
/// field selectors.
/// </summary>
public sealed class PodStrategy : ResourceStrategy
{
    /// <summary>Kubernetes' default for <see cref="DefaultTolerationSeconds"/>.</summary>
    public const long StandardTolerationSeconds = Tolerations.DefaultTolerationSeconds;

    /// <summary>How long the toleration added by default keeps a pod on a not-ready node (Kubernetes' --default-not-ready-toleration-seconds).</summary>
    public long DefaultNotReadyTolerationSeconds { get; init; } = StandardTolerationSeconds;

    /// <summary>How long the toleration added by default keeps a pod on an unreachable node (Kubernetes' --default-unreachable-toleration-seconds).</summary>
    public long DefaultUnreachableTolerationSeconds { get; init; } = StandardTolerationSeconds;

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ResourceQuantities.Canonicalize(obj, "v1", "Pod");
        PodDefaults.Apply(obj, DefaultNotReadyTolerationSeconds, DefaultUnreachableTolerationSeconds);
    }

    public override void PrepareForCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = JsonFields.Object(obj, "spec");
        var status = new JsonObject
        {
            ["phase"] = "Pending",
            ["qosClass"] = PodQos.Compute(spec),
        };

        // A pod held back by scheduling gates says so in its PodScheduled condition.
        if (JsonFields.Array(spec, "schedulingGates") is { Count: > 0 })
        {
            status["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "PodScheduled",
                ["status"] = "False",
                ["lastProbeTime"] = null,
                ["lastTransitionTime"] = null,
                ["reason"] = "SchedulingGated",
                ["message"] = "Scheduling is blocked due to non-empty scheduling gates",
            });
        }

        obj["status"] = status;
    }

    public override FieldErrorList ValidateCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var errors = PodSpecValidator.Validate(obj);
        var path = FieldPath.Root("spec");
        var spec = JsonFields.Object(obj, "spec");

        // Ephemeral containers come only through their subresource, and a gated pod cannot be bound.
        if (JsonFields.Array(spec, "ephemeralContainers") is { Count: > 0 })
        {
            errors.Add(FieldError.Forbidden(path.Child("ephemeralContainers"), "cannot be set on create"));
        }

        if (!string.IsNullOrEmpty(JsonFields.String(spec, "nodeName")) && JsonFields.Array(spec, "schedulingGates") is { Count: > 0 })
        {
            errors.Add(FieldError.Forbidden(path.Child("nodeName"), "cannot be set until all schedulingGates have been cleared"));
        }

        return errors;
    }

    public override FieldErrorList ValidateUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        var errors = PodSpecValidator.Validate(obj);
        errors.AddRange(PodUpdateValidator.Validate(obj, old));
        return errors;
    }

    public override FieldErrorList ValidateStatusUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);

        // A status write is not defaulted, and strategies have no other step before it is stored: the
        // status's quantities (allocatedResources, resources) are put in canonical form here.
        ResourceQuantities.Canonicalize(obj, "v1", "Pod");
        return PodStatusValidator.Validate(obj, old);
    }

    /// <summary>spec.terminationGracePeriodSeconds, 30 when unset; a negative one counts as 1, as in Kubernetes.</summary>
    public override long? DefaultGracePeriodSeconds(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);

        // A pod never scheduled, or finished, has no process to stop: it goes at once, as in Kubernetes.
        if (string.IsNullOrEmpty(KubeObject.GetString(obj, "spec", "nodeName")) || KubeObject.GetString(obj, "status", "phase") is "Succeeded" or "Failed")
        {
            return null;
        }

        var grace = JsonFields.Integer(JsonFields.Object(obj, "spec"), "terminationGracePeriodSeconds") ?? PodDefaults.TerminationGracePeriodSeconds;
        return grace < 0 ? 1 : grace;
    }

    public override string GetSelectableField(JsonObject obj, string field)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(field);
        var spec = JsonFields.Object(obj, "spec");
        var status = JsonFields.Object(obj, "status");
        return field switch
        {
            "spec.hostNetwork" => JsonFields.Bool(spec, "hostNetwork") == true ? "true" : "false",

            // The primary IP: status.podIP, which the v1 API keeps equal to status.podIPs[0].ip.
            "status.podIP" => JsonFields.String(status, "podIP") is { Length: > 0 } podIp
                ? podIp
                : JsonFields.String(JsonFields.Objects(JsonFields.Array(status, "podIPs")).Select(p => p.Item).FirstOrDefault(), "ip") ?? "",
            _ => base.GetSelectableField(obj, field),
        };
    }
}
