using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;

namespace Orchestrator.Kubelet.Pods;

/// <summary>Reads the parts of a pod object the PodActor acts on (the API already defaulted and validated them).</summary>
public static class PodSpecs
{
    public static JsonObject Spec(JsonObject pod) => KubeObject.Get(pod, "spec") as JsonObject ?? [];

    public static IReadOnlyList<JsonObject> Containers(JsonObject pod) => Objects(Spec(pod)["containers"]);

    public static IReadOnlyList<JsonObject> InitContainers(JsonObject pod) => Objects(Spec(pod)["initContainers"]);

    public static IReadOnlyList<JsonObject> Volumes(JsonObject pod) => Objects(Spec(pod)["volumes"]);

    /// <summary>spec.restartPolicy: Always (the default), OnFailure or Never.</summary>
    public static string RestartPolicy(JsonObject pod) => Str(Spec(pod), "restartPolicy") ?? "Always";

    public static bool HostNetwork(JsonObject pod) => Spec(pod)["hostNetwork"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;

    /// <summary>The grace a deletion leaves: metadata.deletionGracePeriodSeconds, else spec.terminationGracePeriodSeconds, else 30 s.</summary>
    public static TimeSpan GracePeriod(JsonObject pod) =>
        TimeSpan.FromSeconds(KubeObject.GetInt64(pod, "metadata", "deletionGracePeriodSeconds")
            ?? KubeObject.GetInt64(pod, "spec", "terminationGracePeriodSeconds") ?? 30);

    public static TimeSpan TerminationGracePeriod(JsonObject pod) =>
        TimeSpan.FromSeconds(KubeObject.GetInt64(pod, "spec", "terminationGracePeriodSeconds") ?? 30);

    public static string ServiceAccountName(JsonObject pod) => Str(Spec(pod), "serviceAccountName") ?? "default";

    public static IReadOnlyList<JsonObject> Objects(JsonNode? node) =>
        node is JsonArray array ? [.. array.OfType<JsonObject>()] : [];

    public static string? Str(JsonObject? obj, string field) =>
        obj?[field] is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    public static long? Int(JsonObject? obj, string field) => Number(obj?[field]);

    /// <summary>A whole number, whether parsed from JSON or built in memory (an int, a long).</summary>
    public static long? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number
            && long.TryParse(value.ToJsonString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var l) ? l : null;

    public static bool? Bool(JsonObject? obj, string field) =>
        obj?[field] is JsonValue value && value.TryGetValue<bool>(out var b) ? b : null;

    /// <summary>A container's "spec.containers{name}" (or initContainers) field path, for Events.</summary>
    public static string FieldPath(JsonObject pod, string container) =>
        InitContainers(pod).Any(c => Str(c, "name") == container) ? $"spec.initContainers{{{container}}}" : $"spec.containers{{{container}}}";
}
