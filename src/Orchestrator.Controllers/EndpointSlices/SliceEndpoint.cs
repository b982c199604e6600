using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.EndpointSlices;

/// <summary>
/// One pod as an EndpointSlice endpoint (Kubernetes' podToEndpoint), with the ports the Service resolves to
/// on it: the slices of a Service group endpoints offering the same ports.
/// </summary>
/// <param name="Key">What identifies the endpoint across syncs: its pod's uid.</param>
/// <param name="PortsKey">The canonical form of <paramref name="Ports"/>, equal for equal port lists.</param>
public sealed record SliceEndpoint(string Key, JsonObject Endpoint, JsonArray Ports, string PortsKey)
{
    /// <summary>The label whose value is a node's zone.</summary>
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    /// <summary>
    /// The pod as an endpoint of <paramref name="addressType"/> (IPv4 or IPv6), or null when it has no address of
    /// that family. Serving is the pod's readiness, terminating its deletion; ready is serving and not terminating,
    /// or always when the Service publishes not-ready addresses.
    /// </summary>
    public static SliceEndpoint? From(JsonObject pod, JsonObject service, string addressType, IReadOnlyDictionary<string, string> zones)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(zones);
        var address = AddressOf(pod, addressType);
        if (address is null)
        {
            return null;
        }

        var publishNotReady = KubeObject.Get(service, "spec", "publishNotReadyAddresses")?.GetValue<bool>() == true;
        var serving = Endpoints.ServicePods.IsReady(pod);
        var terminating = KubeObject.DeletionTimestamp(pod) is not null;
        var endpoint = new JsonObject
        {
            ["addresses"] = new JsonArray(address),
            ["conditions"] = new JsonObject
            {
                ["ready"] = publishNotReady || (serving && !terminating),
                ["serving"] = serving,
                ["terminating"] = terminating,
            },
        };
        if (Endpoints.ServicePods.Hostname(pod, service) is { } hostname)
        {
            endpoint["hostname"] = hostname;
        }

        endpoint["targetRef"] = Endpoints.ServicePods.TargetRef(pod);
        if (KubeObject.GetString(pod, "spec", "nodeName") is { Length: > 0 } nodeName)
        {
            endpoint["nodeName"] = nodeName;
            if (zones.TryGetValue(nodeName, out var zone) && zone.Length > 0)
            {
                endpoint["zone"] = zone;
            }
        }

        var ports = new List<JsonObject>();
        foreach (var servicePort in (KubeObject.Get(service, "spec", "ports") as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if (Endpoints.ServicePods.FindPort(pod, servicePort) is not { } number)
            {
                continue;
            }

            var port = new JsonObject
            {
                ["name"] = servicePort["name"]?.ToString() ?? "",
                ["port"] = number,
                ["protocol"] = servicePort["protocol"]?.ToString() ?? "TCP",
            };
            if (servicePort["appProtocol"]?.ToString() is { Length: > 0 } appProtocol)
            {
                port["appProtocol"] = appProtocol;
            }

            ports.Add(port);
        }

        var portArray = new JsonArray([.. ports]);
        return new SliceEndpoint(KubeObject.Uid(pod) ?? address, endpoint, portArray, KeyOfPorts(portArray));
    }

    /// <summary>The canonical form of a slice's ports (name, port, protocol, appProtocol, in name order).</summary>
    public static string KeyOfPorts(JsonArray? ports) =>
        string.Join(";", (ports ?? []).OfType<JsonObject>()
            .Select(p => $"{p["name"]?.ToString() ?? ""}|{p["port"]?.ToString() ?? ""}|{p["protocol"]?.ToString() ?? "TCP"}|{p["appProtocol"]?.ToString() ?? ""}")
            .Order(StringComparer.Ordinal));

    /// <summary>What identifies an endpoint already in a slice: its target's uid, else its addresses.</summary>
    public static string KeyOf(JsonObject endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint["targetRef"]?["uid"]?.ToString() is { Length: > 0 } uid
            ? uid
            : string.Join(",", (endpoint["addresses"] as JsonArray ?? []).Select(a => a?.ToString()));
    }

    private static string? AddressOf(JsonObject pod, string addressType)
    {
        var ips = (KubeObject.Get(pod, "status", "podIPs") as JsonArray)?.OfType<JsonObject>().Select(p => p["ip"]?.ToString()).Where(ip => !string.IsNullOrEmpty(ip)).ToList() ?? [];
        if (ips.Count == 0 && Endpoints.ServicePods.PodIp(pod) is { } single)
        {
            ips.Add(single);
        }

        return ips.FirstOrDefault(ip => System.Net.IPAddress.TryParse(ip, out var parsed)
            && (parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) == (addressType == "IPv4"));
    }
}
