using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Orchestrator.Model.Objects;

namespace Orchestrator.Proxy.Dns;

/// <summary>
/// Builds the cluster domain's records from Services and EndpointSlices as Kubernetes' DNS specification (and
/// CoreDNS' kubernetes plugin) defines them:
/// <list type="bullet">
/// <item><c>SVC.NS.svc.DOMAIN</c>: A of the ClusterIP; for a headless Service, A of every ready endpoint (all of them
/// with publishNotReadyAddresses); CNAME of an ExternalName Service's externalName;</item>
/// <item><c>HOST.SVC.NS.svc.DOMAIN</c> for a headless Service's endpoints: the endpoint's hostname, else its dashed address;</item>
/// <item><c>_PORT._PROTO.SVC.NS.svc.DOMAIN</c>: SRV per named port (targets the Service name, or each endpoint's name for headless);</item>
/// <item>PTR of ClusterIPs and of headless endpoints that have a hostname.</item>
/// </list>
/// </summary>
public static class ClusterDnsRecordsBuilder
{
    private const string ServiceNameLabel = "kubernetes.io/service-name";

    public static DnsRecords Build(string domain, int ttl, IEnumerable<JsonObject> services, IEnumerable<JsonObject> endpointSlices, bool synced)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(endpointSlices);
        var zone = DomainName.Parse(domain);
        var records = new Dictionary<DomainName, List<DnsRecordBase>>();
        var reverse = new Dictionary<DomainName, List<DnsRecordBase>>();

        var slicesByService = endpointSlices
            .Select(s => (Slice: s, Service: KubeObject.Labels(s).GetValueOrDefault(ServiceNameLabel)))
            .Where(s => s.Service is not null)
            .GroupBy(s => (KubeObject.Namespace(s.Slice) ?? "", s.Service!))
            .ToDictionary(g => g.Key, g => g.Select(s => s.Slice).ToList());

        foreach (var service in services)
        {
            if (KubeObject.Name(service) is not { } name || KubeObject.Namespace(service) is not { } ns || !TryName($"{name}.{ns}.svc", zone, out var serviceName))
            {
                continue;
            }

            var spec = service["spec"] as JsonObject;
            var type = Str(spec, "type") ?? "ClusterIP";
            if (type == "ExternalName")
            {
                if (Str(spec, "externalName") is { Length: > 0 } external && DomainName.TryParse(external, out var target))
                {
                    Add(records, serviceName, new CNameRecord(serviceName, ttl, target!));
                }

                continue;
            }

            var clusterIp = Str(spec, "clusterIP");
            if (clusterIp == "None")
            {
                AddHeadless(records, reverse, ttl, serviceName, spec, slicesByService.GetValueOrDefault((ns, name)) ?? []);
                continue;
            }

            if (!IPAddress.TryParse(clusterIp, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
            {
                continue;
            }

            Add(records, serviceName, new ARecord(serviceName, ttl, address));
            Add(reverse, DnsRecords.ReverseName(address), new PtrRecord(DnsRecords.ReverseName(address), ttl, serviceName));
            foreach (var port in Array(spec?["ports"]))
            {
                if (Str(port, "name") is { Length: > 0 } portName && PortNumber(port, "port") is { } number
                    && TryName($"_{portName}._{(Str(port, "protocol") ?? "TCP").ToLowerInvariant()}", serviceName, out var srvName))
                {
                    var srv = new SrvRecord(srvName, ttl, 0, 100, number, serviceName);
                    Add(records, srvName, srv);
                    // SRV asked of the Service name itself: every named port (CoreDNS does the same).
                    Add(records, serviceName, new SrvRecord(serviceName, ttl, 0, 100, number, serviceName));
                }
            }
        }

        return new DnsRecords(zone, ttl, records.ToDictionary(r => r.Key, r => r.Value.ToArray()), reverse.ToDictionary(r => r.Key, r => r.Value.ToArray()), synced);
    }

    private static void AddHeadless(
        Dictionary<DomainName, List<DnsRecordBase>> records,
        Dictionary<DomainName, List<DnsRecordBase>> reverse,
        int ttl,
        DomainName serviceName,
        JsonObject? spec,
        List<JsonObject> slices)
    {
        var publishNotReady = spec?["publishNotReadyAddresses"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
        // (endpoint name, address) of every endpoint that is served, and the named ports of the slices.
        var endpoints = new List<(DomainName Name, IPAddress Address)>();
        var ports = new List<(string Name, string Protocol, ushort Port)>();
        foreach (var slice in slices)
        {
            if ((slice["addressType"]?.GetValue<string>() ?? "IPv4") != "IPv4")
            {
                continue;
            }

            foreach (var port in Array(slice["ports"]))
            {
                if (Str(port, "name") is { Length: > 0 } portName && PortNumber(port, "port") is { } number)
                {
                    ports.Add((portName, (Str(port, "protocol") ?? "TCP").ToLowerInvariant(), number));
                }
            }

            foreach (var endpoint in Array(slice["endpoints"]))
            {
                // A nil ready condition means ready (EndpointSlice API).
                var ready = endpoint["conditions"]?["ready"] is not JsonValue r || !r.TryGetValue<bool>(out var isReady) || isReady;
                if (!ready && !publishNotReady)
                {
                    continue;
                }

                var hostname = Str(endpoint, "hostname");
                foreach (var text in Strings(endpoint["addresses"]))
                {
                    if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetwork
                        || !TryName(hostname ?? text.Replace('.', '-'), serviceName, out var endpointName))
                    {
                        continue;
                    }

                    endpoints.Add((endpointName, address));
                    Add(records, serviceName, new ARecord(serviceName, ttl, address));
                    Add(records, endpointName, new ARecord(endpointName, ttl, address));
                    if (hostname is not null)
                    {
                        Add(reverse, DnsRecords.ReverseName(address), new PtrRecord(DnsRecords.ReverseName(address), ttl, endpointName));
                    }
                }
            }
        }

        if (endpoints.Count == 0)
        {
            // A headless Service without ready endpoints still exists: its name answers NODATA, not NXDOMAIN.
            records.TryAdd(serviceName, []);
            return;
        }

        var weight = (ushort)Math.Max(1, 100 / endpoints.Count);
        foreach (var (portName, protocol, number) in ports.Distinct())
        {
            if (!TryName($"_{portName}._{protocol}", serviceName, out var srvName))
            {
                continue;
            }

            foreach (var (endpointName, _) in endpoints)
            {
                Add(records, srvName, new SrvRecord(srvName, ttl, 0, weight, number, endpointName));
                Add(records, serviceName, new SrvRecord(serviceName, ttl, 0, weight, number, endpointName));
            }
        }
    }

    private static void Add(Dictionary<DomainName, List<DnsRecordBase>> records, DomainName name, DnsRecordBase record)
    {
        if (!records.TryGetValue(name, out var list))
        {
            records[name] = list = [];
        }

        list.Add(record);
    }

    private static bool TryName(string relative, DomainName parent, out DomainName name)
    {
        name = DomainName.Root;
        if (!DomainName.TryParse(relative, out var labels) || labels!.Labels.Any(l => l.Length is 0 or > 63))
        {
            return false;
        }

        name = labels! + parent;
        return true;
    }

    private static ushort? PortNumber(JsonObject port, string field) =>
        port[field] is JsonValue value && value.TryGetValue<int>(out var number) && number is > 0 and <= 65535 ? (ushort)number : null;

    private static string? Str(JsonObject? obj, string field) =>
        obj?[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : "").Where(s => s.Length > 0) : [];

    private static IEnumerable<JsonObject> Array(JsonNode? node) => node is JsonArray array ? array.OfType<JsonObject>() : [];
}
