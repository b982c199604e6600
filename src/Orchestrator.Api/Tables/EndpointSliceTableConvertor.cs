using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;

namespace Orchestrator.Api.Tables;

/// <summary>
/// <c>kubectl get endpointslices</c>: NAME ADDRESSTYPE PORTS ENDPOINTS AGE, the first three ports and addresses
/// and how many more there are, <c>&lt;unset&gt;</c> for none (Kubernetes' printEndpointSlice).
/// </summary>
public sealed class EndpointSliceTableConvertor : ITableConvertor
{
    private const int Shown = 3;
    private const string Unset = "<unset>";

    public static EndpointSliceTableConvertor Instance { get; } = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        new("AddressType", "string", "addressType specifies the type of address carried by this EndpointSlice."),
        new("Ports", "string", "ports specifies the list of network ports exposed by each endpoint in this slice."),
        new("Endpoints", "string", "endpoints is a list of unique endpoints in this slice."),
        StandardColumns.Age,
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var ports = JsonFields.Objects(JsonFields.Array(obj, "ports"))
            .Select(p => JsonFields.Integer(p.Item, "port") is { } port
                ? port.ToString(CultureInfo.InvariantCulture)
                : JsonFields.String(p.Item, "name") is { Length: > 0 } name ? name : "*");
        var addresses = JsonFields.Objects(JsonFields.Array(obj, "endpoints"))
            .SelectMany(e => (JsonFields.Array(e.Item, "addresses") ?? []).Select(a => a?.ToString() ?? ""));
        return [TableCells.Name(obj), JsonFields.String(obj, "addressType") ?? "", List([.. ports]), List([.. addresses]), TableCells.Age(obj, now)];
    }

    private static string List(IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return Unset;
        }

        var text = string.Join(",", items.Take(Shown));
        return items.Count > Shown ? string.Create(CultureInfo.InvariantCulture, $"{text} + {items.Count - Shown} more...") : text;
    }
}
