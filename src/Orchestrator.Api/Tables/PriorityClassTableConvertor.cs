using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;

namespace Orchestrator.Api.Tables;

/// <summary><c>kubectl get priorityclasses</c>: NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY.</summary>
public sealed class PriorityClassTableConvertor : ITableConvertor
{
    public static PriorityClassTableConvertor Instance { get; } = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        new("Value", "integer", "value represents the integer value of this priority class."),
        new("Global-Default", "boolean", "globalDefault specifies whether this PriorityClass should be considered as the default priority."),
        StandardColumns.Age,
        new("PreemptionPolicy", "string", "preemptionPolicy is the Policy for preempting pods with lower priority."),
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return
        [
            TableCells.Name(obj), JsonFields.Integer(obj, "value") ?? 0, JsonFields.Bool(obj, "globalDefault") ?? false,
            TableCells.Age(obj, now), JsonFields.String(obj, "preemptionPolicy") ?? "",
        ];
    }
}
