using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;

namespace Orchestrator.Api.Tables;

/// <summary><c>kubectl get leases</c>: NAME HOLDER AGE.</summary>
public sealed class LeaseTableConvertor : ITableConvertor
{
    public static LeaseTableConvertor Instance { get; } = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        new("Holder", "string", "holderIdentity contains the identity of the holder of a current lease."),
        StandardColumns.Age,
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return [TableCells.Name(obj), JsonFields.String(JsonFields.Object(obj, "spec"), "holderIdentity") ?? "", TableCells.Age(obj, now)];
    }
}
