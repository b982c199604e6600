using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;

namespace Orchestrator.Api.Tables;

/// <summary>
/// <c>kubectl get daemonsets</c>: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE, and with
/// <c>-o wide</c> CONTAINERS IMAGES SELECTOR (Kubernetes' printDaemonSet).
/// </summary>
public sealed class DaemonSetTableConvertor : ITableConvertor
{
    public static DaemonSetTableConvertor Instance { get; } = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        new("Desired", "integer", "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod)."),
        new("Current", "integer", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod."),
        new("Ready", "integer", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready."),
        new("Up-to-date", "integer", "The total number of nodes that are running updated daemon pod"),
        new("Available", "integer", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
        new("Node Selector", "string", "NodeSelector is a selector which must be true for the pod to fit on a node."),
        StandardColumns.Age,
        StandardColumns.Containers,
        StandardColumns.Images,
        new("Selector", "string", "A label query over pods that are managed by the daemon set.", Priority: 1),
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var status = JsonFields.Object(obj, "status");
        var podSpec = TableCells.TemplateSpec(obj);
        var (names, images) = TableCells.Containers(podSpec);
        return
        [
            TableCells.Name(obj),
            TableCells.Integer(JsonFields.Integer(status, "desiredNumberScheduled") ?? 0),
            TableCells.Integer(JsonFields.Integer(status, "currentNumberScheduled") ?? 0),
            TableCells.Integer(JsonFields.Integer(status, "numberReady") ?? 0),
            TableCells.Integer(JsonFields.Integer(status, "updatedNumberScheduled") ?? 0),
            TableCells.Integer(JsonFields.Integer(status, "numberAvailable") ?? 0),
            TableCells.FormatLabels(JsonFields.Object(podSpec, "nodeSelector")),
            TableCells.Age(obj, now),
            names, images, TableCells.FormatSelector(JsonFields.Object(obj, "spec")?["selector"]),
        ];
    }
}
