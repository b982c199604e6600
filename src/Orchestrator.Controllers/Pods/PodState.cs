using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Pods;

/// <summary>What the workload controllers read from a pod (Kubernetes' podutil): active, ready, available, and since when.</summary>
public static class PodState
{
    public static string Phase(JsonObject pod) => KubeObject.GetString(pod, "status", "phase") ?? "";

    public static string NodeName(JsonObject pod) => KubeObject.GetString(pod, "spec", "nodeName") ?? "";

    /// <summary>Counts towards a workload's replicas: neither finished (Succeeded, Failed) nor being deleted (controller.IsPodActive).</summary>
    public static bool IsActive(JsonObject pod) =>
        Phase(pod) is not ("Succeeded" or "Failed") && KubeObject.DeletionTimestamp(pod) is null;

    /// <summary>The Ready condition is True.</summary>
    public static bool IsReady(JsonObject pod) => ReadyCondition(pod) is { } c && KubeObject.GetString(c, "status") == "True";

    /// <summary>When the pod last became Ready (its Ready condition's lastTransitionTime), or null.</summary>
    public static DateTimeOffset? ReadySince(JsonObject pod) =>
        IsReady(pod) && ReadyCondition(pod) is { } c ? Timestamps.Parse(KubeObject.GetString(c, "lastTransitionTime")) : null;

    /// <summary>Ready for at least <paramref name="minReadySeconds"/> (podutil.IsPodAvailable).</summary>
    public static bool IsAvailable(JsonObject pod, long minReadySeconds, DateTimeOffset now)
    {
        if (!IsReady(pod))
        {
            return false;
        }

        return minReadySeconds == 0 || (ReadySince(pod) is { } since && since.AddSeconds(minReadySeconds) <= now);
    }

    /// <summary>The highest restart count of the pod's containers.</summary>
    public static long MaxRestarts(JsonObject pod) =>
        KubeObject.Get(pod, "status", "containerStatuses") is JsonArray statuses
            ? statuses.OfType<JsonObject>().Select(s => KubeObject.GetInt64(s, "restartCount") ?? 0).DefaultIfEmpty(0).Max()
            : 0;

    /// <summary>The controller.kubernetes.io/pod-deletion-cost annotation (0 when absent or not an int32).</summary>
    public static int DeletionCost(JsonObject pod) =>
        KubeObject.Annotations(pod).TryGetValue("controller.kubernetes.io/pod-deletion-cost", out var text)
        && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var cost) ? cost : 0;

    private static JsonObject? ReadyCondition(JsonObject pod) =>
        KubeObject.Get(pod, "status", "conditions") is JsonArray conditions
            ? conditions.OfType<JsonObject>().FirstOrDefault(c => KubeObject.GetString(c, "type") == "Ready")
            : null;
}
