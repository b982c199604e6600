using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;

namespace Orchestrator.Api.Tables;

/// <summary>
/// <c>kubectl get events</c>: LAST SEEN TYPE REASON OBJECT MESSAGE, and with <c>-o wide</c> SUBOBJECT SOURCE
/// FIRST SEEN COUNT NAME (Kubernetes' printEvent, which also reads events.k8s.io-style series and event times).
/// </summary>
public sealed class EventTableConvertor : ITableConvertor
{
    public static EventTableConvertor Instance { get; } = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Last Seen", "string", "The time at which the most recent occurrence of this event was recorded."),
        new("Type", "string", "Type of this event (Normal, Warning), new types could be added in the future"),
        new("Reason", "string", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
        new("Object", "string", "The object that this event is about."),
        new("Subobject", "string", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].", Priority: 1),
        new("Source", "string", "The component reporting this event. Should be a short machine understandable string.", Priority: 1),
        new("Message", "string", "A human-readable description of the status of this operation."),
        new("First Seen", "string", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", Priority: 1),
        new("Count", "string", "The number of times this event has occurred.", Priority: 1),
        StandardColumns.Name with { Priority = 1 },
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var firstTime = TableCells.Time(JsonFields.String(obj, "firstTimestamp")) ?? TableCells.Time(JsonFields.String(obj, "eventTime"));
        var firstSeen = TableCells.Since(firstTime, now);
        var lastTime = TableCells.Time(JsonFields.String(obj, "lastTimestamp"));
        var lastSeen = lastTime is null ? firstSeen : TableCells.Since(lastTime, now);
        var count = JsonFields.Integer(obj, "count") ?? 0;
        if (JsonFields.Object(obj, "series") is { } series)
        {
            lastSeen = TableCells.Since(TableCells.Time(JsonFields.String(series, "lastObservedTime")), now);
            count = JsonFields.Integer(series, "count") ?? 0;
        }
        else if (count == 0)
        {
            // Events of the new API record a single occurrence without a count.
            count = 1;
        }

        var involved = JsonFields.Object(obj, "involvedObject");
        var kind = (JsonFields.String(involved, "kind") ?? "").ToLowerInvariant();
        var target = JsonFields.String(involved, "name") is { Length: > 0 } name ? kind + "/" + name : kind;
        var source = JsonFields.Object(obj, "source");
        var component = FirstNonEmpty(JsonFields.String(source, "component"), JsonFields.String(obj, "reportingComponent"));
        var instance = FirstNonEmpty(JsonFields.String(source, "host"), JsonFields.String(obj, "reportingInstance"));
        return
        [
            lastSeen, JsonFields.String(obj, "type") ?? "", JsonFields.String(obj, "reason") ?? "", target,
            JsonFields.String(involved, "fieldPath") ?? "", instance.Length == 0 ? component : component + ", " + instance,
            (JsonFields.String(obj, "message") ?? "").Trim(), firstSeen, TableCells.Integer(count), TableCells.Name(obj),
        ];
    }

    private static string FirstNonEmpty(string? first, string? second) => !string.IsNullOrEmpty(first) ? first : second ?? "";
}
