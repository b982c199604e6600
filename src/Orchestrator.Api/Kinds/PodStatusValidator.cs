using System.Text.Json.Nodes;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// A write to a pod's status (Kubernetes' ValidatePodStatusUpdate): a valid nominated node, an
/// unchanged QoS class, qualified custom condition types, valid pod and host IPs (at most one per
/// family), and no container brought back from terminated when the restart policy forbids it.
/// </summary>
internal static class PodStatusValidator
{
    private static readonly HashSet<string> SystemConditions = new(StringComparer.Ordinal) { "PodScheduled", "Ready", "Initialized" };

    public static FieldErrorList Validate(JsonObject pod, JsonObject old)
    {
        var errors = new FieldErrorList();
        var path = FieldPath.Root("status");
        var status = JsonFields.ReadObject(pod, "status", path, errors);
        var oldStatus = JsonFields.Object(old, "status");

        var nominated = JsonFields.ReadString(status, "nominatedNodeName", path.Child("nominatedNodeName"), errors);
        if (nominated.Length > 0 && nominated != JsonFields.String(oldStatus, "nominatedNodeName"))
        {
            foreach (var message in NameValidators.DnsSubdomain(nominated, false))
            {
                errors.Add(FieldError.Invalid(path.Child("nominatedNodeName"), nominated, message));
            }
        }

        // An absent class is filled from the stored one by Kubernetes, so only a different one is refused.
        var qosClass = JsonFields.ReadString(status, "qosClass", path.Child("qosClass"), errors);
        if (qosClass.Length > 0 && qosClass != (JsonFields.String(oldStatus, "qosClass") ?? ""))
        {
            errors.Add(FieldError.Invalid(path.Child("qosClass"), qosClass, "field is immutable"));
        }

        foreach (var (i, condition) in JsonFields.ReadObjects(status, "conditions", path.Child("conditions"), errors))
        {
            var type = JsonFields.ReadString(condition, "type", path.Child("conditions").Index(i).Child("type"), errors);
            if (!SystemConditions.Contains(type))
            {
                foreach (var message in ValidationRules.IsQualifiedName(type))
                {
                    errors.Add(FieldError.Invalid(path.Child("conditions").Index(i).Child("type"), type, message));
                }
            }
        }

        var oldSpec = JsonFields.Object(old, "spec");
        var restartPolicy = JsonFields.String(oldSpec, "restartPolicy") ?? "Always";
        var sidecars = JsonFields.Objects(JsonFields.Array(oldSpec, "initContainers"))
            .Where(c => JsonFields.String(c.Item, "restartPolicy") == "Always")
            .Select(c => JsonFields.String(c.Item, "name") ?? "")
            .ToHashSet(StringComparer.Ordinal);
        ValidateStateTransitions(status, oldStatus, "containerStatuses", restartPolicy, [], path, errors);
        ValidateStateTransitions(status, oldStatus, "initContainerStatuses", restartPolicy, sidecars, path, errors);
        ValidateStateTransitions(status, oldStatus, "ephemeralContainerStatuses", "Never", [], path, errors);

        ValidateIps(status, "podIP", "podIPs", path, requireFirstMatches: false, errors);
        ValidateIps(status, "hostIP", "hostIPs", path, requireFirstMatches: true, errors);
        return errors;
    }

    // A container that terminated stays terminated unless the pod restarts it (Always, or OnFailure after a failure).
    private static void ValidateStateTransitions(JsonObject? status, JsonObject? oldStatus, string list, string restartPolicy,
        HashSet<string> restartable, FieldPath path, FieldErrorList errors)
    {
        if (restartPolicy == "Always")
        {
            return;
        }

        var statuses = JsonFields.Objects(JsonFields.Array(status, list)).Select(s => s.Item).ToList();
        foreach (var (i, oldContainer) in JsonFields.Objects(JsonFields.Array(oldStatus, list)))
        {
            var terminated = JsonFields.Object(JsonFields.Object(oldContainer, "state"), "terminated");
            var name = JsonFields.String(oldContainer, "name") ?? "";
            if (terminated is null
                || (restartPolicy == "OnFailure" && (JsonFields.Integer(terminated, "exitCode") ?? 0) != 0)
                || restartable.Contains(name))
            {
                continue;
            }

            foreach (var current in statuses)
            {
                if (JsonFields.String(current, "name") == name && JsonFields.Object(JsonFields.Object(current, "state"), "terminated") is null)
                {
                    errors.Add(FieldError.Forbidden(path.Child(list).Index(i).Child("state"), "may not be transitioned to non-terminated state"));
                }
            }
        }
    }

    private static void ValidateIps(JsonObject? status, string singular, string plural, FieldPath path, bool requireFirstMatches, FieldErrorList errors)
    {
        var listPath = path.Child(plural);
        var entries = JsonFields.ReadObjects(status, plural, listPath, errors);
        var single = JsonFields.ReadString(status, singular, path.Child(singular), errors);
        if (single.Length > 0 && !NetworkAddresses.IsIp(single))
        {
            errors.Add(FieldError.Invalid(path.Child(singular), single, NetworkAddresses.InvalidIpMessage));
        }

        if (entries.Count == 0)
        {
            return;
        }

        var ips = entries.Select(entry => JsonFields.String(entry.Item, "ip") ?? "").ToList();
        if (requireFirstMatches && single != ips[0])
        {
            errors.Add(FieldError.Invalid(listPath.Index(0).Child("ip"), ips[0], $"must be equal to `{singular}`"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ips.Count; i++)
        {
            if (!NetworkAddresses.IsIp(ips[i]))
            {
                errors.Add(FieldError.Invalid(listPath.Index(i), ips[i], NetworkAddresses.InvalidIpMessage));
            }

            if (!seen.Add(ips[i]))
            {
                errors.Add(FieldError.Duplicate(listPath.Index(i), entries[i].Item.DeepClone()));
            }
        }

        if (ips.Count > 1)
        {
            var families = ips.Select(NetworkAddresses.IsIpv4).ToList();
            if (ips.Count > 2 || families[0] is null || families[1] is null || families[0] == families[1])
            {
                errors.Add(FieldError.Invalid(listPath, JsonFields.Array(status, plural)!.DeepClone(), "may specify no more than one IP for each IP family"));
            }
        }
    }
}
