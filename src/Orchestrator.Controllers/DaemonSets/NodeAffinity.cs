using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.DaemonSets;

/// <summary>
/// Whether a node satisfies a pod spec's nodeSelector and required node affinity (component-helpers'
/// nodeaffinity, as the DaemonSet controller checks it): terms are ORed, a term's matchExpressions (on labels:
/// In, NotIn, Exists, DoesNotExist, Gt, Lt) and matchFields (metadata.name: In, NotIn) are ANDed.
/// </summary>
public static class NodeAffinity
{
    public static bool Matches(JsonObject? podSpec, JsonObject node)
    {
        var labels = KubeObject.Labels(node);
        if (podSpec?["nodeSelector"] is JsonObject selector
            && selector.Any(kv => !labels.TryGetValue(kv.Key, out var value) || value != (kv.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null)))
        {
            return false;
        }

        if (podSpec is null || KubeObject.Get(podSpec, "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms") is not JsonArray terms)
        {
            return true;
        }

        // An empty list of terms matches nothing (the API refuses it anyway); an empty term matches nothing either.
        return terms.OfType<JsonObject>().Any(term => TermMatches(term, labels, KubeObject.Name(node) ?? ""));
    }

    private static bool TermMatches(JsonObject term, Dictionary<string, string> labels, string nodeName)
    {
        var expressions = (term["matchExpressions"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var fields = (term["matchFields"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        if (expressions.Count == 0 && fields.Count == 0)
        {
            return false;
        }

        return expressions.All(e => Requirement(e, labels.TryGetValue(KubeObject.GetString(e, "key") ?? "", out var v) ? v : null))
            && fields.All(f => KubeObject.GetString(f, "key") == "metadata.name" && Requirement(f, nodeName));
    }

    private static bool Requirement(JsonObject requirement, string? value)
    {
        var values = (requirement["values"] as JsonArray)?.Select(v => v is JsonValue x && x.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList() ?? [];
        return KubeObject.GetString(requirement, "operator") switch
        {
            "In" => value is not null && values.Contains(value),
            "NotIn" => value is null || !values.Contains(value),
            "Exists" => value is not null,
            "DoesNotExist" => value is null,
            "Gt" => Compare(value, values) is > 0,
            "Lt" => Compare(value, values) is < 0,
            _ => false,
        };
    }

    private static int? Compare(string? value, List<string> values) =>
        values.Count == 1 && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual)
        && long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bound)
            ? actual.CompareTo(bound)
            : null;
}
