using System.Text.Json.Nodes;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// What a service's type and settings imply (Kubernetes' service helpers): whether it is headless,
/// needs a cluster IP, node ports or a health-check node port, and whether it is reachable from outside.
/// </summary>
internal static class ServiceShapes
{
    public const string ClusterIp = "ClusterIP";
    public const string NodePort = "NodePort";
    public const string LoadBalancer = "LoadBalancer";
    public const string ExternalName = "ExternalName";
    public const string None = "None";

    public static string Type(JsonObject? spec) => JsonFields.String(spec, "type") ?? "";

    /// <summary>spec.clusterIPs, or [spec.clusterIP] for a client that sets only the singular field.</summary>
    public static List<string> ClusterIps(JsonObject? spec) =>
        JsonFields.Array(spec, "clusterIPs") is { Count: > 0 } ips
            ? ips.Select(ip => JsonFields.TryString(ip, out var text) ? text : "").ToList()
            : [];

    /// <summary>A ClusterIP service whose only cluster IP is "None".</summary>
    public static bool IsHeadless(JsonObject? spec)
    {
        var ips = ClusterIps(spec);
        return Type(spec) == ClusterIp && ips.Count == 1 && ips[0] == None;
    }

    public static bool NeedsClusterIp(JsonObject? spec) => Type(spec) != ExternalName;

    public static bool NeedsNodePort(JsonObject? spec) =>
        Type(spec) == NodePort || (Type(spec) == LoadBalancer && JsonFields.Bool(spec, "allocateLoadBalancerNodePorts") != false);

    public static bool NeedsHealthCheckNodePort(JsonObject? spec) =>
        Type(spec) == LoadBalancer && JsonFields.String(spec, "externalTrafficPolicy") == "Local";

    /// <summary>LoadBalancer and NodePort services, and ClusterIP services with external IPs.</summary>
    public static bool ExternallyAccessible(JsonObject? spec) =>
        Type(spec) is LoadBalancer or NodePort || (Type(spec) == ClusterIp && JsonFields.Array(spec, "externalIPs") is { Count: > 0 });

    public static bool HasSelector(JsonObject? spec) => JsonFields.Object(spec, "selector") is { Count: > 0 };
}
