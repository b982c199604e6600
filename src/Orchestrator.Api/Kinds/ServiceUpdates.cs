using System.Text.Json.Nodes;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// How a v1 Service changes (Kubernetes' service REST storage and ValidateServiceUpdate): values the
/// cluster allocated survive a client that resubmits its original manifest, clusterIP and clusterIPs
/// stay in step, fields a new type no longer uses are dropped when the client left them unchanged, and
/// the primary cluster IP and IP family may not change except to, from or on ExternalName.
/// </summary>
internal static class ServiceUpdates
{
    private const string MayNotChange = "may not change once set";

    /// <summary>The mutations of an update, on the new spec (<paramref name="spec"/>) given the stored one.</summary>
    public static void Prepare(JsonObject spec, JsonObject oldSpec, JsonObject obj)
    {
        PatchAllocatedValues(spec, oldSpec);
        NormalizeClusterIps(spec, oldSpec);
        DropTypeDependentFields(spec, oldSpec, obj);
    }

    public static FieldErrorList Validate(JsonObject spec, JsonObject oldSpec)
    {
        var errors = new FieldErrorList();
        if (ServiceShapes.Type(spec) == ServiceShapes.ExternalName || ServiceShapes.Type(oldSpec) == ServiceShapes.ExternalName)
        {
            return errors;
        }

        var headless = ServiceShapes.IsHeadless(spec);
        var oldHeadless = ServiceShapes.IsHeadless(oldSpec);
        if (!(headless && oldHeadless))
        {
            ValidateClusterIpChange(spec, oldSpec, errors);
        }

        // A service becoming or staying headless may change its families.
        if (headless == oldHeadless && !headless)
        {
            ValidateFamilyChange(spec, oldSpec, errors);
        }

        return errors;
    }

    // patchAllocatedValues: keep what was allocated when the client did not say.
    private static void PatchAllocatedValues(JsonObject spec, JsonObject oldSpec)
    {
        if (ServiceShapes.NeedsClusterIp(oldSpec) && ServiceShapes.NeedsClusterIp(spec))
        {
            if (string.IsNullOrEmpty(JsonFields.String(spec, "clusterIP")) && oldSpec["clusterIP"] is { } clusterIp)
            {
                spec["clusterIP"] = clusterIp.DeepClone();
            }

            if (ServiceShapes.ClusterIps(spec).Count == 0 && JsonFields.Array(oldSpec, "clusterIPs") is { Count: > 0 } clusterIps)
            {
                spec["clusterIPs"] = clusterIps.DeepClone();
            }
        }

        if (ServiceShapes.NeedsNodePort(oldSpec) && ServiceShapes.NeedsNodePort(spec))
        {
            // Node ports the new spec already uses cannot be handed to another of its ports.
            var used = NodePorts(spec).ToHashSet();
            var byName = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (_, port) in JsonFields.Objects(JsonFields.Array(oldSpec, "ports")))
            {
                byName[JsonFields.String(port, "name") ?? ""] = JsonFields.Integer(port, "nodePort") ?? 0;
            }

            foreach (var (_, port) in JsonFields.Objects(JsonFields.Array(spec, "ports")))
            {
                if ((JsonFields.Integer(port, "nodePort") ?? 0) == 0
                    && byName.TryGetValue(JsonFields.String(port, "name") ?? "", out var nodePort) && nodePort != 0 && !used.Contains(nodePort))
                {
                    port["nodePort"] = JsonFields.Number(nodePort);
                }
            }
        }

        if (ServiceShapes.NeedsHealthCheckNodePort(oldSpec) && ServiceShapes.NeedsHealthCheckNodePort(spec)
            && (JsonFields.Integer(spec, "healthCheckNodePort") ?? 0) == 0 && oldSpec["healthCheckNodePort"] is { } healthCheckNodePort)
        {
            spec["healthCheckNodePort"] = healthCheckNodePort.DeepClone();
        }
    }

    // NormalizeClusterIPs for an update.
    private static void NormalizeClusterIps(JsonObject spec, JsonObject oldSpec)
    {
        var clusterIp = JsonFields.String(spec, "clusterIP") ?? "";
        var oldClusterIp = JsonFields.String(oldSpec, "clusterIP") ?? "";

        // An old client patching other fields dropped clusterIPs but kept clusterIP.
        if (ServiceShapes.ClusterIps(oldSpec).Count > 0 && ServiceShapes.ClusterIps(spec).Count == 0 && clusterIp == oldClusterIp)
        {
            spec["clusterIPs"] = oldSpec["clusterIPs"]?.DeepClone();
        }

        if (clusterIp == oldClusterIp)
        {
            return;
        }

        var sameIps = SameClusterIps(spec, oldSpec);
        if (oldClusterIp.Length > 0 && clusterIp.Length == 0 && sameIps)
        {
            spec.Remove("clusterIPs");
        }

        if (clusterIp.Length > 0 && sameIps)
        {
            spec["clusterIPs"] = new JsonArray(clusterIp);
        }
    }

    private static void DropTypeDependentFields(JsonObject spec, JsonObject oldSpec, JsonObject obj)
    {
        if (ServiceShapes.NeedsClusterIp(oldSpec) && !ServiceShapes.NeedsClusterIp(spec))
        {
            if (SameClusterIps(spec, oldSpec))
            {
                spec.Remove("clusterIP");
                spec.Remove("clusterIPs");
            }

            RemoveIfSame(spec, oldSpec, "ipFamilies");
            RemoveIfSame(spec, oldSpec, "ipFamilyPolicy");
        }

        if (ServiceShapes.NeedsNodePort(oldSpec) && !ServiceShapes.NeedsNodePort(spec) && NodePorts(spec).SequenceEqual(NodePorts(oldSpec)))
        {
            foreach (var (_, port) in JsonFields.Objects(JsonFields.Array(spec, "ports")))
            {
                port.Remove("nodePort");
            }
        }

        if (ServiceShapes.NeedsHealthCheckNodePort(oldSpec) && !ServiceShapes.NeedsHealthCheckNodePort(spec))
        {
            RemoveIfSame(spec, oldSpec, "healthCheckNodePort");
        }

        if (ServiceShapes.Type(oldSpec) == ServiceShapes.LoadBalancer && ServiceShapes.Type(spec) != ServiceShapes.LoadBalancer
            && spec["allocateLoadBalancerNodePorts"] is not null)
        {
            RemoveIfSame(spec, oldSpec, "allocateLoadBalancerNodePorts");
        }

        if (ServiceShapes.ExternallyAccessible(oldSpec) && !ServiceShapes.ExternallyAccessible(spec))
        {
            RemoveIfSame(spec, oldSpec, "externalTrafficPolicy");
        }

        // The load balancer is gone as far as the user is concerned.
        if (ServiceShapes.Type(spec) != ServiceShapes.LoadBalancer && obj["status"] is JsonObject status)
        {
            status["loadBalancer"] = new JsonObject();
        }
    }

    private static void ValidateClusterIpChange(JsonObject spec, JsonObject oldSpec, FieldErrorList errors)
    {
        var ips = ServiceShapes.ClusterIps(spec);
        var oldIps = ServiceShapes.ClusterIps(oldSpec);
        var path = FieldPath.Root("spec", "clusterIPs");
        var value = (object)ips;
        if (oldIps.Count == ips.Count)
        {
            for (var i = 0; i < oldIps.Count; i++)
            {
                if (oldIps[i] != ips[i])
                {
                    errors.Add(FieldError.Invalid(path.Index(i), value, MayNotChange));
                }
            }
        }
        else if (oldIps.Count > ips.Count)
        {
            if (ips.Count == 0)
            {
                errors.Add(FieldError.Invalid(path.Index(0), value, "primary clusterIP can not be unset"));
            }
            else if (ips[0] != oldIps[0])
            {
                errors.Add(FieldError.Invalid(path.Index(0), value, MayNotChange));
            }

            if (ips.Count == 1 && JsonFields.String(spec, "ipFamilyPolicy") != "SingleStack")
            {
                errors.Add(FieldError.Invalid(path.Index(0), value, "`ipFamilyPolicy` must be set to 'SingleStack' when releasing the secondary clusterIP"));
            }
        }
        else if (oldIps.Count > 0 && ips[0] != oldIps[0])
        {
            errors.Add(FieldError.Invalid(path.Index(0), value, MayNotChange));
        }
    }

    private static void ValidateFamilyChange(JsonObject spec, JsonObject oldSpec, FieldErrorList errors)
    {
        var families = Strings(JsonFields.Array(spec, "ipFamilies"));
        var oldFamilies = Strings(JsonFields.Array(oldSpec, "ipFamilies"));
        var path = FieldPath.Root("spec", "ipFamilies");
        var value = (object)families;
        if (oldFamilies.Count == families.Count)
        {
            if (!oldFamilies.SequenceEqual(families))
            {
                errors.Add(FieldError.Invalid(path.Index(0), value, MayNotChange));
            }
        }
        else if (oldFamilies.Count > families.Count)
        {
            if (families.Count == 0)
            {
                errors.Add(FieldError.Invalid(path.Index(0), value, "primary ipFamily can not be unset"));
            }
            else if (families[0] != oldFamilies[0])
            {
                errors.Add(FieldError.Invalid(path.Index(0), value, MayNotChange));
            }

            if (families.Count == 1 && JsonFields.String(spec, "ipFamilyPolicy") != "SingleStack")
            {
                errors.Add(FieldError.Invalid(FieldPath.Root("spec", "clusterIPs").Index(0), ServiceShapes.ClusterIps(spec),
                    "`ipFamilyPolicy` must be set to 'SingleStack' when releasing the secondary ipFamily"));
            }
        }
        else if (oldFamilies.Count > 0 && families[0] != oldFamilies[0])
        {
            errors.Add(FieldError.Invalid(path.Index(0), value, MayNotChange));
        }
    }

    private static bool SameClusterIps(JsonObject spec, JsonObject oldSpec) =>
        ServiceShapes.ClusterIps(spec).SequenceEqual(ServiceShapes.ClusterIps(oldSpec));

    private static IEnumerable<long> NodePorts(JsonObject spec) =>
        JsonFields.Objects(JsonFields.Array(spec, "ports")).Select(p => JsonFields.Integer(p.Item, "nodePort") ?? 0).Where(n => n != 0);

    private static void RemoveIfSame(JsonObject spec, JsonObject oldSpec, string field)
    {
        if (JsonSemantics.AreEqual(spec[field], oldSpec[field]))
        {
            spec.Remove(field);
        }
    }

    private static List<string> Strings(JsonArray? array) =>
        (array ?? []).Select(n => JsonFields.TryString(n, out var s) ? s : "").ToList();
}
