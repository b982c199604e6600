using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;

namespace Orchestrator.Api.Tables;

/// <summary>
/// <c>kubectl get services</c>: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, and with <c>-o wide</c> SELECTOR
/// (Kubernetes' printService; the server prints wide, so load-balancer addresses are not shortened).
/// </summary>
public sealed class ServiceTableConvertor : ITableConvertor
{
    public static ServiceTableConvertor Instance { get; } = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        new("Type", "string", "type determines how the Service is exposed."),
        new("Cluster-IP", "string", "clusterIP is the IP address of the service and is usually assigned randomly."),
        new("External-IP", "string", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
        new("Port(s)", "string", "The list of ports that are exposed by this service."),
        StandardColumns.Age,
        new("Selector", "string", "Route service traffic to pods with label keys and values matching this selector.", Priority: 1),
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = JsonFields.Object(obj, "spec");
        var clusterIp = JsonFields.Array(spec, "clusterIPs") is { Count: > 0 } ips && JsonFields.TryString(ips[0], out var first)
            ? first
            : JsonFields.String(spec, "clusterIP");
        var ports = string.Join(",", JsonFields.Objects(JsonFields.Array(spec, "ports")).Select(p => Port(p.Item)));
        return
        [
            TableCells.Name(obj), JsonFields.String(spec, "type") ?? "", string.IsNullOrEmpty(clusterIp) ? TableCells.None : clusterIp,
            ExternalIp(obj, spec), ports.Length == 0 ? TableCells.None : ports, TableCells.Age(obj, now),
            TableCells.FormatLabels(JsonFields.Object(spec, "selector")),
        ];
    }

    // port/protocol, or port:nodePort/protocol.
    private static string Port(JsonObject port)
    {
        var number = JsonFields.Integer(port, "port") ?? 0;
        var protocol = JsonFields.String(port, "protocol") ?? "";
        return JsonFields.Integer(port, "nodePort") is > 0 and var nodePort
            ? string.Create(CultureInfo.InvariantCulture, $"{number}:{nodePort}/{protocol}")
            : string.Create(CultureInfo.InvariantCulture, $"{number}/{protocol}");
    }

    private static string ExternalIp(JsonObject service, JsonObject? spec)
    {
        var externalIps = (JsonFields.Array(spec, "externalIPs") ?? []).Select(ip => JsonFields.TryString(ip, out var text) ? text : "").ToList();
        switch (JsonFields.String(spec, "type"))
        {
            case "ClusterIP":
            case "NodePort":
                return externalIps.Count > 0 ? string.Join(",", externalIps) : TableCells.None;
            case "LoadBalancer":
                var ingress = JsonFields.Objects(JsonFields.Array(JsonFields.Object(JsonFields.Object(service, "status"), "loadBalancer"), "ingress"))
                    .Select(i => JsonFields.String(i.Item, "ip") is { Length: > 0 } ip ? ip : JsonFields.String(i.Item, "hostname") ?? "")
                    .Where(address => address.Length > 0)
                    .Distinct(StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (externalIps.Count > 0)
                {
                    return string.Join(",", ingress.Concat(externalIps));
                }

                return ingress.Count > 0 ? string.Join(",", ingress) : "<pending>";
            case "ExternalName":
                return JsonFields.String(spec, "externalName") ?? "";
            default:
                return TableCells.Unknown;
        }
    }
}
