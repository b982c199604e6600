using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;

namespace Orchestrator.Api.Tables;

/// <summary>
/// <c>kubectl get jobs</c>: NAME STATUS COMPLETIONS DURATION AGE, and with <c>-o wide</c> CONTAINERS IMAGES
/// SELECTOR (Kubernetes' printJob).
/// </summary>
public sealed class JobTableConvertor : ITableConvertor
{
    public static JobTableConvertor Instance { get; } = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        new("Status", "string", "Status of the job."),
        new("Completions", "string", "The number of pods which reached phase Succeeded."),
        new("Duration", "string", "Time required to complete the job."),
        StandardColumns.Age,
        StandardColumns.Containers,
        StandardColumns.Images,
        new("Selector", "string", "A label query over pods that should match the pod count.", Priority: 1),
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = JsonFields.Object(obj, "spec");
        var status = JsonFields.Object(obj, "status");
        var succeeded = JsonFields.Integer(status, "succeeded") ?? 0;
        string completions;
        if (JsonFields.Integer(spec, "completions") is { } wanted)
        {
            completions = string.Create(CultureInfo.InvariantCulture, $"{succeeded}/{wanted}");
        }
        else
        {
            // A work-queue job: done at the first success, however many run at once.
            var parallelism = JsonFields.Integer(spec, "parallelism") ?? 0;
            completions = parallelism > 1
                ? string.Create(CultureInfo.InvariantCulture, $"{succeeded}/1 of {parallelism}")
                : string.Create(CultureInfo.InvariantCulture, $"{succeeded}/1");
        }

        var start = TableCells.Time(JsonFields.String(status, "startTime"));
        var end = TableCells.Time(JsonFields.String(status, "completionTime"));
        var duration = start is null ? "" : Durations.Human((end ?? now) - start.Value);
        var (names, images) = TableCells.Containers(TableCells.TemplateSpec(obj));
        return
        [
            TableCells.Name(obj), State(obj, status), completions, duration, TableCells.Age(obj, now),
            names, images, TableCells.FormatSelector(spec?["selector"]),
        ];
    }

    private static string State(JsonObject job, JsonObject? status)
    {
        var conditions = JsonFields.Objects(JsonFields.Array(status, "conditions")).Select(c => c.Item).ToList();

        // The first condition of the type decides, as in hasJobCondition.
        bool Has(string type) => conditions.FirstOrDefault(c => JsonFields.String(c, "type") == type) is { } condition
            && JsonFields.String(condition, "status") == "True";

        if (Has("Complete"))
        {
            return "Complete";
        }

        if (Has("Failed"))
        {
            return "Failed";
        }

        if (!string.IsNullOrEmpty(JsonFields.String(JsonFields.Object(job, "metadata"), "deletionTimestamp")))
        {
            return "Terminating";
        }

        if (Has("Suspended"))
        {
            return "Suspended";
        }

        return Has("FailureTarget") ? "FailureTarget" : "Running";
    }
}
