using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;

namespace Orchestrator.Kubelet.Hollow;

/// <summary>
/// What a simulated node keeps of a pod bound to it: a few hundred bytes instead of the pod's whole JSON
/// tree, so that tens of thousands of pods fit in a simulator of modest size.
/// </summary>
public sealed record BoundPod(string Namespace, string Name, string Uid, long ResourceVersion, string NodeName)
{
    public string Phase { get; init; } = "Pending";

    public string? PodIp { get; init; }

    /// <summary>spec.hostNetwork: the pod shares its node's network, and so its address.</summary>
    public bool HostNetwork { get; init; }

    /// <summary>The pod already shows it running: a pod IP, and every container ready.</summary>
    public bool ReportedRunning { get; init; }

    public string? DeletionTimestamp { get; init; }

    public long? DeletionGracePeriodSeconds { get; init; }

    /// <summary>When the pod was bound: its PodScheduled condition's lastTransitionTime, when it has one.</summary>
    public string? ScheduledTime { get; init; }

    /// <summary>status.startTime, kept when the status is written again.</summary>
    public string? StartTime { get; init; }

    public IReadOnlyList<SimulatedContainer> InitContainers { get; init; } = [];

    public IReadOnlyList<SimulatedContainer> Containers { get; init; } = [];

    /// <summary>The pod has terminated (Succeeded or Failed): nothing runs any more.</summary>
    public bool Finished => Phase is "Succeeded" or "Failed";

    public bool Deleting => DeletionTimestamp is not null;

    /// <summary>The parts of a pod (from a list or watch) a simulated node needs.</summary>
    public static BoundPod FromObject(JsonObject pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var spec = pod["spec"] as JsonObject;
        var status = pod["status"] as JsonObject;
        var containers = ContainersOf(spec?["containers"] as JsonArray);
        var statuses = status?["containerStatuses"] as JsonArray;
        var podIp = Text(status?["podIP"]);
        var phase = Text(status?["phase"]) ?? "Pending";
        var allReady = statuses is not null && containers.All(c => statuses.OfType<JsonObject>()
            .Any(s => Text(s["name"]) == c.Name && s["ready"] is JsonValue ready && ready.TryGetValue<bool>(out var r) && r));
        var scheduled = (status?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(c => Text(c["type"]) == "PodScheduled" && Text(c["status"]) == "True");
        return new BoundPod(
            KubeObject.Namespace(pod) ?? "",
            KubeObject.Name(pod) ?? "",
            KubeObject.Uid(pod) ?? "",
            Revision(KubeObject.ResourceVersion(pod)),
            Text(spec?["nodeName"]) ?? "")
        {
            Phase = phase,
            PodIp = string.IsNullOrEmpty(podIp) ? null : podIp,
            HostNetwork = spec?["hostNetwork"] is JsonValue hostNetwork && hostNetwork.TryGetValue<bool>(out var shared) && shared,
            ReportedRunning = phase == "Running" && !string.IsNullOrEmpty(podIp) && allReady,
            DeletionTimestamp = KubeObject.DeletionTimestamp(pod),
            DeletionGracePeriodSeconds = KubeObject.GetInt64(pod, "metadata", "deletionGracePeriodSeconds"),
            ScheduledTime = Text(scheduled?["lastTransitionTime"]),
            StartTime = Text(status?["startTime"]),
            InitContainers = ContainersOf(spec?["initContainers"] as JsonArray),
            Containers = containers,
        };
    }

    /// <summary>A resourceVersion as a number (the journal's revision); 0 when it is not one.</summary>
    public static long Revision(string? resourceVersion) =>
        long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : 0;

    private static List<SimulatedContainer> ContainersOf(JsonArray? containers) =>
        containers is null
            ? []
            : [.. containers.OfType<JsonObject>().Select(c => new SimulatedContainer(Text(c["name"]) ?? "", Text(c["image"]) ?? "", Text(c["restartPolicy"]) == "Always"))];

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
