using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Endpoints;

/// <summary>
/// The subsets of a Service's Endpoints, built as Kubernetes' endpoints controller builds them: one address per
/// pod that belongs in its endpoints (IP, hostname, nodeName, targetRef), each Service port resolved on each pod,
/// then repacked (Kubernetes' RepackSubsets) so that the ports offered by exactly the same addresses share a
/// subset; ready and not-ready addresses of a subset apart. Sorted, so an unchanged cluster gives equal JSON.
/// </summary>
public static class EndpointSubsets
{
    /// <param name="maxAddresses">At most this many addresses in all; beyond, the rest are dropped and <c>Truncated</c> is true.</param>
    public static (JsonArray Subsets, bool Truncated) For(JsonObject service, IEnumerable<JsonObject> pods, bool publishNotReady, int maxAddresses)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(pods);
        var servicePorts = (KubeObject.Get(service, "spec", "ports") as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var headless = ServicePods.IsHeadless(service);

        // Each port (by its full definition) → the addresses offering it, with their readiness.
        var offered = new Dictionary<string, (JsonObject? Port, SortedDictionary<string, Address> Addresses)>(StringComparer.Ordinal);
        foreach (var pod in pods.Where(p => ServicePods.BelongsInEndpoints(p, publishNotReady)))
        {
            var address = new Address(ServicePods.PodIp(pod)!, KubeObject.Uid(pod) ?? "", AddressOf(pod, service), publishNotReady || ServicePods.IsReady(pod));
            if (servicePorts.Count == 0)
            {
                // A headless Service may have no ports: its addresses still count.
                if (headless)
                {
                    Offer(offered, null, address);
                }

                continue;
            }

            foreach (var servicePort in servicePorts)
            {
                if (ServicePods.FindPort(pod, servicePort) is { } number)
                {
                    Offer(offered, EndpointPort(servicePort, number), address);
                }
            }
        }

        // Ports offered by the same set of addresses share a subset.
        var subsets = new SortedDictionary<string, (List<JsonObject> Ports, SortedDictionary<string, Address> Addresses)>(StringComparer.Ordinal);
        foreach (var (_, (port, addresses)) in offered)
        {
            var key = string.Join(";", addresses.Select(a => $"{a.Key}={a.Value.Ready}"));
            if (!subsets.TryGetValue(key, out var subset))
            {
                subset = ([], addresses);
                subsets[key] = subset;
            }

            if (port is not null)
            {
                subset.Ports.Add(port);
            }
        }

        var result = new JsonArray();
        var remaining = maxAddresses;
        var truncated = false;
        foreach (var (_, (ports, addresses)) in subsets)
        {
            var ready = new JsonArray();
            var notReady = new JsonArray();
            foreach (var address in addresses.Values)
            {
                if (remaining <= 0)
                {
                    truncated = true;
                    break;
                }

                remaining--;
                (address.Ready ? ready : notReady).Add(address.Json.DeepClone());
            }

            if (ready.Count == 0 && notReady.Count == 0)
            {
                continue;
            }

            var subset = new JsonObject();
            if (ready.Count > 0)
            {
                subset["addresses"] = ready;
            }

            if (notReady.Count > 0)
            {
                subset["notReadyAddresses"] = notReady;
            }

            if (ports.Count > 0)
            {
                subset["ports"] = new JsonArray([.. ports.OrderBy(p => p["name"]?.ToString(), StringComparer.Ordinal).ThenBy(p => p["port"]!.GetValue<int>())]);
            }

            result.Add(subset);
        }

        return (result, truncated);
    }

    private static void Offer(Dictionary<string, (JsonObject? Port, SortedDictionary<string, Address> Addresses)> offered, JsonObject? port, Address address)
    {
        var key = port?.ToJsonString() ?? "";
        if (!offered.TryGetValue(key, out var entry))
        {
            entry = (port, new SortedDictionary<string, Address>(StringComparer.Ordinal));
            offered[key] = entry;
        }

        entry.Addresses[$"{address.Ip}/{address.Uid}"] = address;
    }

    private static JsonObject AddressOf(JsonObject pod, JsonObject service)
    {
        var address = new JsonObject { ["ip"] = ServicePods.PodIp(pod) };
        if (ServicePods.Hostname(pod, service) is { } hostname)
        {
            address["hostname"] = hostname;
        }

        if (KubeObject.GetString(pod, "spec", "nodeName") is { Length: > 0 } nodeName)
        {
            address["nodeName"] = nodeName;
        }

        address["targetRef"] = ServicePods.TargetRef(pod);
        return address;
    }

    private static JsonObject EndpointPort(JsonObject servicePort, int number)
    {
        var port = new JsonObject();
        if (servicePort["name"]?.ToString() is { Length: > 0 } name)
        {
            port["name"] = name;
        }

        port["port"] = number;
        port["protocol"] = servicePort["protocol"]?.ToString() ?? "TCP";
        if (servicePort["appProtocol"]?.ToString() is { Length: > 0 } appProtocol)
        {
            port["appProtocol"] = appProtocol;
        }

        return port;
    }

    private sealed record Address(string Ip, string Uid, JsonObject Json, bool Ready);
}
