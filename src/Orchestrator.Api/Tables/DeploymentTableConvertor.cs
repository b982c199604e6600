using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;
using Orchestrator.Model.Selectors;

namespace Orchestrator.Api.Tables;

/// <summary>
/// <c>kubectl get deployments</c>: NAME READY UP-TO-DATE AVAILABLE AGE, and with <c>-o wide</c> CONTAINERS
/// IMAGES SELECTOR (Kubernetes' printDeployment).
/// </summary>
public sealed class DeploymentTableConvertor : ITableConvertor
{
    public static DeploymentTableConvertor Instance { get; } = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        new("Ready", "string", "Number of the pod with ready state"),
        new("Up-to-date", "string", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
        new("Available", "string", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
        StandardColumns.Age,
        StandardColumns.Containers,
        StandardColumns.Images,
        new("Selector", "string", "Label selector for pods.", Priority: 1),
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = JsonFields.Object(obj, "spec");
        var status = JsonFields.Object(obj, "status");
        var (names, images) = TableCells.Containers(TableCells.TemplateSpec(obj));
        string selector;
        try
        {
            // printDeployment writes the parsed selector itself: "" when it selects everything or nothing.
            selector = LabelSelector.FromJson(spec?["selector"] as JsonObject).ToString();
        }
        catch (FormatException)
        {
            selector = "<invalid>";
        }

        return
        [
            TableCells.Name(obj),
            string.Create(CultureInfo.InvariantCulture, $"{JsonFields.Integer(status, "readyReplicas") ?? 0}/{JsonFields.Integer(spec, "replicas") ?? 0}"),
            TableCells.Integer(JsonFields.Integer(status, "updatedReplicas") ?? 0),
            TableCells.Integer(JsonFields.Integer(status, "availableReplicas") ?? 0),
            TableCells.Age(obj, now),
            names, images, selector,
        ];
    }
}
