using System.Text.Json.Nodes;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// The defaults of a v1 Service: SetDefaults_Service (session affinity, type, port protocol and target
/// port, traffic policies, load-balancer node ports) and the IP family fields Kubernetes initialises
/// when it allocates (single-stack IPv4 here, the family of a given cluster IP, or dual-stack for a
/// headless service without selector). Cluster IPs and node ports are left as given.
/// </summary>
internal static class ServiceDefaults
{
    public const long DefaultClientIpAffinitySeconds = 10800;

    public static void Apply(JsonObject spec)
    {
        JsonFields.SetDefaultString(spec, "sessionAffinity", "None");
        switch (JsonFields.String(spec, "sessionAffinity"))
        {
            case "None":
                spec.Remove("sessionAffinityConfig");
                break;
            case "ClientIP" when JsonFields.Integer(JsonFields.Object(JsonFields.Object(spec, "sessionAffinityConfig"), "clientIP"), "timeoutSeconds") is null:
                spec["sessionAffinityConfig"] = new JsonObject
                {
                    ["clientIP"] = new JsonObject { ["timeoutSeconds"] = JsonFields.Number(DefaultClientIpAffinitySeconds) },
                };
                break;
        }

        JsonFields.SetDefaultString(spec, "type", ServiceShapes.ClusterIp);
        foreach (var (_, port) in JsonFields.Objects(JsonFields.Array(spec, "ports")))
        {
            JsonFields.SetDefaultString(port, "protocol", "TCP");

            // A zero or empty targetPort means "the same as port".
            var target = port["targetPort"];
            if ((target is null || (JsonFields.TryInteger(target, out var number) && number == 0) || (JsonFields.TryString(target, out var name) && name.Length == 0))
                && JsonFields.Integer(port, "port") is { } value)
            {
                port["targetPort"] = JsonFields.Number(value);
            }
        }

        if (ServiceShapes.ExternallyAccessible(spec))
        {
            JsonFields.SetDefaultString(spec, "externalTrafficPolicy", "Cluster");
        }

        if (ServiceShapes.Type(spec) is ServiceShapes.ClusterIp or ServiceShapes.NodePort or ServiceShapes.LoadBalancer)
        {
            JsonFields.SetDefault(spec, "internalTrafficPolicy", "Cluster");
        }

        if (ServiceShapes.Type(spec) == ServiceShapes.LoadBalancer)
        {
            JsonFields.SetDefault(spec, "allocateLoadBalancerNodePorts", true);
        }
    }

    /// <summary>
    /// Kubernetes keeps clusterIP and clusterIPs in step (NormalizeClusterIPs on create): a client that sets
    /// only the singular field gets the plural filled in.
    /// </summary>
    public static void NormalizeClusterIpsOnCreate(JsonObject spec)
    {
        if (JsonFields.String(spec, "clusterIP") is { Length: > 0 } clusterIp && ServiceShapes.ClusterIps(spec).Count == 0)
        {
            spec["clusterIPs"] = new JsonArray(clusterIp);
        }
    }

    /// <summary>
    /// ipFamilyPolicy and ipFamilies of a service that needs a cluster IP, when unset: families follow the
    /// given cluster IPs, else <paramref name="inherited"/> (an update keeps the old ones), else IPv4.
    /// </summary>
    public static void InitIpFamilies(JsonObject spec, JsonObject? inherited)
    {
        if (!ServiceShapes.NeedsClusterIp(spec))
        {
            return;
        }

        var headlessWithoutSelector = ServiceShapes.ClusterIps(spec) is [ServiceShapes.None] && !ServiceShapes.HasSelector(spec);
        if (spec["ipFamilyPolicy"] is null)
        {
            spec["ipFamilyPolicy"] = inherited?["ipFamilyPolicy"]?.DeepClone()
                ?? (headlessWithoutSelector ? "RequireDualStack" : "SingleStack");
        }

        if (JsonFields.Array(spec, "ipFamilies") is { Count: > 0 } || spec["ipFamilies"] is not (null or JsonArray))
        {
            return;
        }

        var families = new JsonArray();
        foreach (var ip in ServiceShapes.ClusterIps(spec))
        {
            if (NetworkAddresses.IsIpv4(ip) is { } isIpv4)
            {
                families.Add(isIpv4 ? "IPv4" : "IPv6");
            }
        }

        if (families.Count == 0 && JsonFields.Array(inherited, "ipFamilies") is { Count: > 0 } oldFamilies)
        {
            families = oldFamilies.DeepClone().AsArray();
        }

        if (families.Count == 0)
        {
            families.Add("IPv4");
        }

        spec["ipFamilies"] = families;
    }
}
