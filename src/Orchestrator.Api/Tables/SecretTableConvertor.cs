using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;

namespace Orchestrator.Api.Tables;

/// <summary><c>kubectl get secrets</c>: NAME TYPE DATA AGE.</summary>
public sealed class SecretTableConvertor : ITableConvertor
{
    public static SecretTableConvertor Instance { get; } = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        new("Type", "string", "Used to facilitate programmatic handling of secret data."),
        new("Data", "string", "Data contains the secret data."),
        StandardColumns.Age,
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return [TableCells.Name(obj), JsonFields.String(obj, "type") ?? "", TableCells.Integer(JsonFields.Object(obj, "data")?.Count ?? 0), TableCells.Age(obj, now)];
    }
}
