using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;
using Orchestrator.Model.Selectors;

namespace Orchestrator.Api.Tables;

/// <summary>
/// Cell formatting shared by the kinds' tables, as Kubernetes' printers write it: label maps and
/// selectors (labels.FormatLabels, metav1.FormatLabelSelector), container names and images, integers,
/// and times since a timestamp.
/// </summary>
internal static class TableCells
{
    public const string None = "<none>";
    public const string Unknown = "<unknown>";

    /// <summary>An integer cell (Go's int64).</summary>
    public static JsonNode Integer(long value) => JsonValue.Create(value);

    /// <summary><c>k1=v1,k2=v2</c> sorted by key, "&lt;none&gt;" when empty.</summary>
    public static string FormatLabels(JsonObject? labels)
    {
        var pairs = (labels ?? [])
            .Select(pair => (pair.Key, Value: JsonFields.TryString(pair.Value, out var value) ? value : ""))
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => pair.Key + "=" + pair.Value)
            .ToList();
        return pairs.Count == 0 ? None : string.Join(",", pairs);
    }

    /// <summary>A metav1.LabelSelector in its string form, "&lt;none&gt;" when it selects everything or nothing, "&lt;error&gt;" when invalid.</summary>
    public static string FormatSelector(JsonNode? selector)
    {
        try
        {
            var text = LabelSelector.FromJson(selector as JsonObject).ToString();
            return text.Length == 0 ? None : text;
        }
        catch (FormatException)
        {
            return "<error>";
        }
    }

    /// <summary>The names and the images of a pod spec's containers, each comma-separated.</summary>
    public static (string Names, string Images) Containers(JsonObject? podSpec)
    {
        var containers = JsonFields.Objects(JsonFields.Array(podSpec, "containers")).Select(c => c.Item).ToList();
        return (
            string.Join(",", containers.Select(c => JsonFields.String(c, "name") ?? "")),
            string.Join(",", containers.Select(c => JsonFields.String(c, "image") ?? "")));
    }

    /// <summary>The pod spec of a workload's template (<c>spec.template.spec</c>).</summary>
    public static JsonObject? TemplateSpec(JsonObject obj) =>
        JsonFields.Object(JsonFields.Object(JsonFields.Object(obj, "spec"), "template"), "spec");

    /// <summary>A timestamp; null when absent, empty or unparseable (Go's zero time).</summary>
    public static DateTimeOffset? Time(string? text) =>
        !string.IsNullOrEmpty(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    /// <summary>How long ago <paramref name="time"/> was; "&lt;unknown&gt;" for none.</summary>
    public static string Since(DateTimeOffset? time, DateTimeOffset now) => time is { } value ? Durations.Human(now - value) : Unknown;

    public static string Age(JsonObject obj, DateTimeOffset now) =>
        Durations.Age(JsonFields.String(JsonFields.Object(obj, "metadata"), "creationTimestamp"), now);

    public static string Name(JsonObject obj) => JsonFields.String(JsonFields.Object(obj, "metadata"), "name") ?? "";
}
