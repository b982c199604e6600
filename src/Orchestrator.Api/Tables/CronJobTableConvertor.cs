using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;

namespace Orchestrator.Api.Tables;

/// <summary>
/// <c>kubectl get cronjobs</c>: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE, and with <c>-o wide</c>
/// CONTAINERS IMAGES SELECTOR (Kubernetes' printCronJob).
/// </summary>
public sealed class CronJobTableConvertor : ITableConvertor
{
    public static CronJobTableConvertor Instance { get; } = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        new("Schedule", "string", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
        new("Timezone", "string", "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones."),
        new("Suspend", "boolean", "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions."),
        new("Active", "integer", "A list of pointers to currently running jobs."),
        new("Last Schedule", "string", "Information when was the last time the job was successfully scheduled."),
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
        var jobSpec = JsonFields.Object(JsonFields.Object(spec, "jobTemplate"), "spec");
        var lastSchedule = TableCells.Time(JsonFields.String(status, "lastScheduleTime"));
        var (names, images) = TableCells.Containers(JsonFields.Object(JsonFields.Object(jobSpec, "template"), "spec"));
        return
        [
            TableCells.Name(obj),
            JsonFields.String(spec, "schedule") ?? "",
            JsonFields.String(spec, "timeZone") is { Length: > 0 } zone ? zone : "<none>",
            JsonValue.Create(JsonFields.Bool(spec, "suspend") == true),
            TableCells.Integer(JsonFields.Array(status, "active")?.Count ?? 0),
            lastSchedule is null ? "<none>" : TableCells.Since(lastSchedule, now),
            TableCells.Age(obj, now),
            names, images, TableCells.FormatSelector(jobSpec?["selector"]),
        ];
    }
}
