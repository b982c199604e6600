using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;

namespace Orchestrator.Api.Tables;

/// <summary>
/// <c>kubectl get endpoints</c>: NAME ENDPOINTS AGE, listing the first three ready ip:port pairs (bare IPs for
/// a headless subset without ports) and how many more there are (Kubernetes' formatEndpoints).
/// </summary>
public sealed class EndpointsTableConvertor : ITableConvertor
{
    private const int Shown = 3;

    public static EndpointsTableConvertor Instance { get; } = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        new("Endpoints", "string", "The set of all endpoints is the union of all subsets."),
        StandardColumns.Age,
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return [TableCells.Name(obj), Format(obj), TableCells.Age(obj, now)];
    }

    private static string Format(JsonObject endpoints)
    {
        var subsets = JsonFields.Objects(JsonFields.Array(endpoints, "subsets")).Select(s => s.Item).ToList();
        if (subsets.Count == 0)
        {
            return TableCells.None;
        }

        var list = new List<string>();
        var count = 0;
        foreach (var subset in subsets)
        {
            var addresses = JsonFields.Objects(JsonFields.Array(subset, "addresses")).Select(a => JsonFields.String(a.Item, "ip") ?? "").ToList();
            var ports = JsonFields.Objects(JsonFields.Array(subset, "ports")).Select(p => JsonFields.Integer(p.Item, "port") ?? 0).ToList();
            if (ports.Count == 0)
            {
                count += addresses.Count;
                list.AddRange(addresses.Take(Shown - list.Count));
                continue;
            }

            foreach (var port in ports)
            {
                count += addresses.Count;
                list.AddRange(addresses.Take(Shown - list.Count).Select(ip => HostPort(ip, port)));
            }
        }

        var text = string.Join(",", list);
        return count > Shown ? string.Create(CultureInfo.InvariantCulture, $"{text} + {count - Shown} more...") : text;
    }

    // Go's net.JoinHostPort: IPv6 addresses in brackets.
    private static string HostPort(string ip, long port) =>
        ip.Contains(':', StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"[{ip}]:{port}")
            : string.Create(CultureInfo.InvariantCulture, $"{ip}:{port}");
}
