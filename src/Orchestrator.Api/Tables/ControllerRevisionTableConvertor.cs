using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;

namespace Orchestrator.Api.Tables;

/// <summary><c>kubectl get controllerrevisions</c>: NAME CONTROLLER REVISION AGE (CONTROLLER as <c>daemonset.apps/web</c>).</summary>
public sealed class ControllerRevisionTableConvertor : ITableConvertor
{
    public static ControllerRevisionTableConvertor Instance { get; } = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        new("Controller", "string", "Controller of the object"),
        new("Revision", "string", "revision indicates the revision of the state represented by Data."),
        StandardColumns.Age,
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return [TableCells.Name(obj), Controller(obj), JsonFields.Integer(obj, "revision") ?? 0, TableCells.Age(obj, now)];
    }

    // kubectl's printer: <lower-case kind>.<group>/<name> of the controller reference, "<none>" without one.
    private static string Controller(JsonObject obj)
    {
        if (obj["metadata"]?["ownerReferences"] is JsonArray owners)
        {
            foreach (var owner in owners.OfType<JsonObject>())
            {
                if (JsonFields.Bool(owner, "controller") == true)
                {
                    var apiVersion = JsonFields.String(owner, "apiVersion") ?? "";
                    var group = apiVersion.Contains('/', StringComparison.Ordinal) ? "." + apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
                    return $"{(JsonFields.String(owner, "kind") ?? "").ToLowerInvariant()}{group}/{JsonFields.String(owner, "name")}";
                }
            }
        }

        return "<none>";
    }
}
