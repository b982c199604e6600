using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;

namespace Orchestrator.Api.Tables;

/// <summary><c>kubectl get serviceaccounts</c>: NAME SECRETS AGE.</summary>
public sealed class ServiceAccountTableConvertor : ITableConvertor
{
    public static ServiceAccountTableConvertor Instance { get; } = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        new("Secrets", "string", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."),
        StandardColumns.Age,
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return [TableCells.Name(obj), TableCells.Integer(JsonFields.Array(obj, "secrets")?.Count ?? 0), TableCells.Age(obj, now)];
    }
}
