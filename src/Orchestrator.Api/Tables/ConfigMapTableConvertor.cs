using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;

namespace Orchestrator.Api.Tables;

/// <summary><c>kubectl get configmaps</c>: NAME DATA AGE, DATA counting data and binaryData keys.</summary>
public sealed class ConfigMapTableConvertor : ITableConvertor
{
    public static ConfigMapTableConvertor Instance { get; } = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        new("Data", "string", "Data contains the configuration data."),
        StandardColumns.Age,
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var keys = (JsonFields.Object(obj, "data")?.Count ?? 0) + (JsonFields.Object(obj, "binaryData")?.Count ?? 0);
        return [TableCells.Name(obj), TableCells.Integer(keys), TableCells.Age(obj, now)];
    }
}
