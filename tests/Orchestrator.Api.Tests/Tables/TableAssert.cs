using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tables;
using Xunit;

namespace Orchestrator.Api.Tests.Tables;

/// <summary>Renders rows of a table convertor as text cells and checks them against kubectl's columns.</summary>
internal static class TableAssert
{
    /// <summary>The "now" every table test prints against.</summary>
    public static DateTimeOffset Now { get; } = DateTimeOffset.Parse("2024-06-01T12:00:00Z", CultureInfo.InvariantCulture);

    /// <summary>The cells of <paramref name="json"/>'s row: strings as they are, other values as JSON.</summary>
    public static List<string> Row(ITableConvertor convertor, string json)
    {
        var cells = convertor.Cells(JsonNode.Parse(json)!.AsObject(), Now);
        Assert.Equal(convertor.Columns.Count, cells.Count);
        return cells.Select(cell => cell is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : cell?.ToJsonString() ?? "null").ToList();
    }

    /// <summary>The cells of the columns kubectl shows without -o wide.</summary>
    public static List<string> NarrowRow(ITableConvertor convertor, string json) =>
        Row(convertor, json).Where((_, i) => convertor.Columns[i].Priority == 0).ToList();

    /// <summary>The cell under the column named <paramref name="column"/>.</summary>
    public static string Cell(ITableConvertor convertor, string json, string column)
    {
        var index = convertor.Columns.Select(c => c.Name).ToList().IndexOf(column);
        Assert.True(index >= 0, $"no column {column}");
        return Row(convertor, json)[index];
    }

    /// <summary>Column names as kubectl prints them (upper case), "*" marking the -o wide ones.</summary>
    public static string Headers(ITableConvertor convertor) =>
        string.Join(" ", convertor.Columns.Select(c => c.Name.ToUpperInvariant() + (c.Priority > 0 ? "*" : "")));
}
