using System.Text.Json.Nodes;

namespace Orchestrator.Api.Tables;

/// <summary>How one kind is shown by <c>kubectl get</c>: its columns and the cells of one object's row.</summary>
public interface ITableConvertor
{
    IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>The row's cells, one per column: strings, integers or booleans as the column type says.</summary>
    IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now);
}
