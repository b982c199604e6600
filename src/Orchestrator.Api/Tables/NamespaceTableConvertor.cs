using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;

namespace Orchestrator.Api.Tables;

/// <summary><c>kubectl get namespaces</c>: NAME STATUS AGE.</summary>
public sealed class NamespaceTableConvertor : ITableConvertor
{
    public static NamespaceTableConvertor Instance { get; } = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        new("Status", "string", "The status of the namespace"),
        StandardColumns.Age,
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return [TableCells.Name(obj), JsonFields.String(JsonFields.Object(obj, "status"), "phase") ?? "", TableCells.Age(obj, now)];
    }
}
