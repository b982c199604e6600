using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Proxy.Forwarding;

namespace Orchestrator.Proxy.Endpoints;

/// <summary>
/// What one Service asks of this node's proxy (kube-proxy's ServicePortInfo and endpoints map in one): for every
/// port, a listener on each ClusterIP, on each node address at the nodePort (NodePort and LoadBalancer types), on
/// each status.loadBalancer.ingress IP and on each spec.externalIPs address, each with the ready endpoints of the Service's EndpointSlices for that port.
/// ClusterIP listeners follow internalTrafficPolicy, the others externalTrafficPolicy; Local
/// prefers the endpoints on this node when there are some.
/// </summary>
public static class ServiceListeners
{
    /// <summary>The label kube-proxy leaves alone Services by (another proxy serves them: here, the cluster DNS).</summary>
    public const string ServiceProxyNameLabel = "service.kubernetes.io/service-proxy-name";

    /// <summary>The label tying an EndpointSlice to its Service.</summary>
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    /// <summary>sessionAffinityConfig.clientIP.timeoutSeconds' default (Kubernetes: 3 hours).</summary>
    public static readonly TimeSpan DefaultAffinityTimeout = TimeSpan.FromSeconds(10800);

    /// <summary>Whether the proxy serves this Service at all: not headless, not ExternalName, not another proxy's.</summary>
    public static bool IsProxied(JsonObject service)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (service["metadata"]?["labels"]?[ServiceProxyNameLabel] is not null)
        {
            return false;
        }

        var spec = service["spec"];
        var type = Text(spec?["type"]) ?? "ClusterIP";
        var clusterIp = Text(spec?["clusterIP"]);
        return type != "ExternalName" && !string.IsNullOrEmpty(clusterIp) && clusterIp != "None";
    }

    /// <summary>The listeners the Service needs on this node, each with what it forwards to; empty when it is not proxied.</summary>
    public static IReadOnlyDictionary<ListenerKey, EndpointSnapshot> For(
        JsonObject service, IEnumerable<JsonObject> slices, string nodeName, IReadOnlyList<IPAddress> nodeAddresses)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(slices);
        ArgumentNullException.ThrowIfNull(nodeAddresses);
        var listeners = new Dictionary<ListenerKey, EndpointSnapshot>();
        if (!IsProxied(service))
        {
            return listeners;
        }

        var spec = service["spec"]!;
        var clusterIps = Addresses(spec["clusterIPs"]?.AsArray().Select(Text) ?? [Text(spec["clusterIP"])]);
        var type = Text(spec["type"]) ?? "ClusterIP";
        var ingressIps = type == "LoadBalancer"
            ? Addresses(service["status"]?["loadBalancer"]?["ingress"]?.AsArray().Select(i => Text(i?["ip"])) ?? [])
            : [];

        // spec.externalIPs: addresses routed to this node by someone else, served like load-balancer ones (kube-proxy).
        var externalIps = Addresses(spec["externalIPs"]?.AsArray().Select(Text) ?? []);
        var affinity = Text(spec["sessionAffinity"]) == "ClientIP"
            ? spec["sessionAffinityConfig"]?["clientIP"]?["timeoutSeconds"] is JsonValue seconds ? TimeSpan.FromSeconds(seconds.GetValue<int>()) : DefaultAffinityTimeout
            : (TimeSpan?)null;
        var internalLocal = Text(spec["internalTrafficPolicy"]) == "Local";
        var externalLocal = Text(spec["externalTrafficPolicy"]) == "Local";
        var sliceList = slices.ToList();

        foreach (var port in spec["ports"]?.AsArray() ?? [])
        {
            var protocol = Text(port?["protocol"]) ?? "TCP";
            if (port is null || protocol is not ("TCP" or "UDP") || port["port"] is not JsonValue portValue)
            {
                // SCTP needs kernel support the proxy does not use.
                continue;
            }

            var name = Text(port["name"]) ?? "";
            var (all, local) = ReadyEndpoints(sliceList, name, protocol, nodeName);
            var inside = new EndpointSnapshot(internalLocal && local.Count > 0 ? local : all, affinity);
            var outside = new EndpointSnapshot(externalLocal && local.Count > 0 ? local : all, affinity);
            var number = portValue.GetValue<int>();
            foreach (var ip in clusterIps)
            {
                listeners[new ListenerKey(protocol, new IPEndPoint(ip, number))] = inside;
            }

            if (type is "NodePort" or "LoadBalancer" && port["nodePort"] is JsonValue nodePortValue && nodePortValue.GetValue<int>() is > 0 and var nodePort)
            {
                foreach (var ip in nodeAddresses)
                {
                    listeners[new ListenerKey(protocol, new IPEndPoint(ip, nodePort))] = outside;
                }
            }

            foreach (var ip in ingressIps.Concat(externalIps))
            {
                listeners[new ListenerKey(protocol, new IPEndPoint(ip, number))] = outside;
            }
        }

        return listeners;
    }

    /// <summary>
    /// The ready endpoints of one Service port over all the Service's slices (an endpoint may sit in two slices for a
    /// moment while the controller moves it), in a stable order, and those of them on this node. An endpoint whose
    /// ready condition is absent counts as ready, as the EndpointSlice API says consumers should take it.
    /// </summary>
    public static (IReadOnlyList<IPEndPoint> All, IReadOnlyList<IPEndPoint> Local) ReadyEndpoints(
        IEnumerable<JsonObject> slices, string portName, string protocol, string nodeName)
    {
        ArgumentNullException.ThrowIfNull(slices);
        var all = new SortedDictionary<string, (IPEndPoint Endpoint, bool Local)>(StringComparer.Ordinal);
        foreach (var slice in slices)
        {
            var port = slice["ports"]?.AsArray().FirstOrDefault(p => (Text(p?["name"]) ?? "") == portName && (Text(p?["protocol"]) ?? "TCP") == protocol);
            if (port?["port"] is not JsonValue portValue)
            {
                continue;
            }

            var number = portValue.GetValue<int>();
            foreach (var endpoint in slice["endpoints"]?.AsArray() ?? [])
            {
                if (endpoint?["conditions"]?["ready"] is JsonValue ready && !ready.GetValue<bool>())
                {
                    continue;
                }

                // Kubernetes consumers use an endpoint's first address; the others are the same pod's.
                if (Text(endpoint?["addresses"]?[0]) is not { } text || !IPAddress.TryParse(text, out var ip))
                {
                    continue;
                }

                var address = new IPEndPoint(ip, number);
                var isLocal = nodeName.Length > 0 && Text(endpoint?["nodeName"]) == nodeName;
                all[SortKey(address)] = (address, isLocal);
            }
        }

        return ([.. all.Values.Select(e => e.Endpoint)], [.. all.Values.Where(e => e.Local).Select(e => e.Endpoint)]);
    }

    private static List<IPAddress> Addresses(IEnumerable<string?> texts) =>
        [.. texts.Select(t => t is not null && IPAddress.TryParse(t, out var ip) ? ip : null).OfType<IPAddress>().Distinct()];

    private static string SortKey(IPEndPoint endpoint) =>
        Convert.ToHexString(endpoint.Address.GetAddressBytes()) + ":" + endpoint.Port.ToString("D5", CultureInfo.InvariantCulture);

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
