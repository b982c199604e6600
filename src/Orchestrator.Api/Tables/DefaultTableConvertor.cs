using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;

namespace Orchestrator.Api.Tables;

/// <summary>NAME and AGE: what Kubernetes shows for a kind without columns of its own.</summary>
public sealed class DefaultTableConvertor : ITableConvertor
{
    public static DefaultTableConvertor Instance { get; } = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Name", "string", "Name must be unique within a namespace.", Format: "name"),
        new("Age", "string", "CreationTimestamp is a timestamp representing the server time when this object was created."),
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
        [KubeObject.Name(obj) ?? "", Durations.Age(KubeObject.GetString(obj, "metadata", "creationTimestamp"), now)];
}
