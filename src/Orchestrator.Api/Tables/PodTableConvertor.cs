using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;

namespace Orchestrator.Api.Tables;

/// <summary>
/// <c>kubectl get pods</c>: NAME READY STATUS RESTARTS AGE, and with <c>-o wide</c> IP NODE NOMINATED NODE
/// READINESS GATES (Kubernetes' printPod).
/// </summary>
public sealed class PodTableConvertor : ITableConvertor
{
    public static PodTableConvertor Instance { get; } = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        new("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
        new("Status", "string", "The aggregate status of the containers in this pod."),
        new("Restarts", "string", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        StandardColumns.Age,
        new("IP", "string", "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", Priority: 1),
        new("Node", "string", "NodeName indicates in which node this pod is scheduled.", Priority: 1),
        new("Nominated Node", "string", "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.", Priority: 1),
        new("Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod readiness.", Priority: 1),
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var summary = PodSummary.Of(obj, now);
        var spec = JsonFields.Object(obj, "spec");
        var status = JsonFields.Object(obj, "status");
        var ip = JsonFields.String(JsonFields.Objects(JsonFields.Array(status, "podIPs")).Select(p => p.Item).FirstOrDefault(), "ip") is { Length: > 0 } first
            ? first
            : JsonFields.String(status, "podIP");
        return
        [
            TableCells.Name(obj), summary.Ready, summary.Status, summary.Restarts, TableCells.Age(obj, now),
            OrNone(ip), OrNone(JsonFields.String(spec, "nodeName")), OrNone(JsonFields.String(status, "nominatedNodeName")), ReadinessGates(spec, status),
        ];
    }

    private static string OrNone(string? value) => string.IsNullOrEmpty(value) ? TableCells.None : value;

    // True conditions among the gates, over the gates.
    private static string ReadinessGates(JsonObject? spec, JsonObject? status)
    {
        var gates = JsonFields.Objects(JsonFields.Array(spec, "readinessGates")).Select(g => JsonFields.String(g.Item, "conditionType") ?? "").ToList();
        if (gates.Count == 0)
        {
            return TableCells.None;
        }

        var conditions = JsonFields.Objects(JsonFields.Array(status, "conditions")).Select(c => c.Item).ToList();
        var passed = gates.Count(gate => conditions.FirstOrDefault(c => JsonFields.String(c, "type") == gate) is { } condition
            && JsonFields.String(condition, "status") == "True");
        return string.Create(CultureInfo.InvariantCulture, $"{passed}/{gates.Count}");
    }
}
