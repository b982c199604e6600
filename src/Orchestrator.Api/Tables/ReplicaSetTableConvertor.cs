using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;

namespace Orchestrator.Api.Tables;

/// <summary>
/// <c>kubectl get replicasets</c>: NAME DESIRED CURRENT READY AGE, and with <c>-o wide</c> CONTAINERS IMAGES
/// SELECTOR (Kubernetes' printReplicaSet).
/// </summary>
public sealed class ReplicaSetTableConvertor : ITableConvertor
{
    public static ReplicaSetTableConvertor Instance { get; } = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        new("Desired", "integer", "Replicas is the number of desired replicas."),
        new("Current", "integer", "Replicas is the most recently observed number of replicas."),
        new("Ready", "integer", "The number of ready replicas for this replica set."),
        StandardColumns.Age,
        StandardColumns.Containers,
        StandardColumns.Images,
        new("Selector", "string", "Selector is a label query over pods that should match the replica count.", Priority: 1),
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = JsonFields.Object(obj, "spec");
        var status = JsonFields.Object(obj, "status");
        var (names, images) = TableCells.Containers(TableCells.TemplateSpec(obj));
        return
        [
            TableCells.Name(obj),
            TableCells.Integer(JsonFields.Integer(spec, "replicas") ?? 0),
            TableCells.Integer(JsonFields.Integer(status, "replicas") ?? 0),
            TableCells.Integer(JsonFields.Integer(status, "readyReplicas") ?? 0),
            TableCells.Age(obj, now),
            names, images, TableCells.FormatSelector(spec?["selector"]),
        ];
    }
}
