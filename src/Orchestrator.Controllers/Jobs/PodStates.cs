using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Jobs;

/// <summary>What a workload controller reads of a pod's status.</summary>
public static class PodStates
{
    public static string? Phase(JsonObject pod) => KubeObject.GetString(pod, "status", "phase");

    public static bool Succeeded(JsonObject pod) => Phase(pod) == "Succeeded";

    public static bool Failed(JsonObject pod) => Phase(pod) == "Failed";

    /// <summary>Not finished and not being deleted (Kubernetes' IsPodActive).</summary>
    public static bool Active(JsonObject pod) => !Succeeded(pod) && !Failed(pod) && KubeObject.DeletionTimestamp(pod) is null;

    /// <summary>Being deleted but not finished.</summary>
    public static bool Terminating(JsonObject pod) => !Succeeded(pod) && !Failed(pod) && KubeObject.DeletionTimestamp(pod) is not null;

    public static bool Ready(JsonObject pod) => Condition(pod, "Ready") is { } c && KubeObject.GetString(c, "status") == "True";

    public static JsonObject? Condition(JsonObject pod, string type) =>
        (KubeObject.Get(pod, "status", "conditions") as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => KubeObject.GetString(c, "type") == type);

    /// <summary>When the pod finished: its containers' latest finishedAt, else its Ready condition's last transition; null when unknown.</summary>
    public static DateTimeOffset? FinishTime(JsonObject pod)
    {
        DateTimeOffset? latest = null;
        foreach (var status in (KubeObject.Get(pod, "status", "containerStatuses") as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if (Parse(KubeObject.GetString(status, "state", "terminated", "finishedAt")) is { } finished && (latest is null || finished > latest))
            {
                latest = finished;
            }
        }

        return latest ?? (Condition(pod, "Ready") is { } ready ? Parse(KubeObject.GetString(ready, "lastTransitionTime")) : null);
    }

    public static DateTimeOffset? Parse(string? time) =>
        time is not null && DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
