using System.Text.Json.Nodes;
using Orchestrator.Controllers.Pods;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Deployments;

/// <summary>A Deployment's status.conditions (Progressing, Available, ReplicaFailure) and their reasons, as Kubernetes' deployment util writes them.</summary>
public static class DeploymentConditions
{
    public const string Progressing = "Progressing";
    public const string Available = "Available";
    public const string ReplicaFailure = "ReplicaFailure";

    public const string NewReplicaSetCreated = "NewReplicaSetCreated";
    public const string FoundNewReplicaSet = "FoundNewReplicaSet";
    public const string ReplicaSetUpdated = "ReplicaSetUpdated";
    public const string NewReplicaSetAvailable = "NewReplicaSetAvailable";
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";
    public const string FailedReplicaSetCreate = "ReplicaSetCreateError";
    public const string DeploymentPaused = "DeploymentPaused";
    public const string DeploymentResumed = "DeploymentResumed";
    public const string MinimumReplicasAvailable = "MinimumReplicasAvailable";
    public const string MinimumReplicasUnavailable = "MinimumReplicasUnavailable";

    public static JsonObject? Get(JsonObject status, string type) =>
        status["conditions"] is JsonArray conditions
            ? conditions.OfType<JsonObject>().FirstOrDefault(c => KubeObject.GetString(c, "type") == type)
            : null;

    public static string? Reason(JsonObject status, string type) => Get(status, type) is { } c ? KubeObject.GetString(c, "reason") : null;

    public static JsonObject New(string type, string status, string reason, string message, DateTimeOffset now) => new()
    {
        ["type"] = type,
        ["status"] = status,
        ["lastUpdateTime"] = Timestamps.Format(now),
        ["lastTransitionTime"] = Timestamps.Format(now),
        ["reason"] = reason,
        ["message"] = message,
    };

    /// <summary>
    /// Sets a condition (SetDeploymentCondition): nothing changes when one of the type already has this status and
    /// reason; the same status keeps its lastTransitionTime.
    /// </summary>
    public static void Set(JsonObject status, JsonObject condition)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(condition);
        var type = KubeObject.GetString(condition, "type")!;
        if (Get(status, type) is { } current)
        {
            if (KubeObject.GetString(current, "status") == KubeObject.GetString(condition, "status"))
            {
                if (KubeObject.GetString(current, "reason") == KubeObject.GetString(condition, "reason"))
                {
                    return;
                }

                condition["lastTransitionTime"] = current["lastTransitionTime"]?.DeepClone();
            }
        }

        Remove(status, type);
        var conditions = status["conditions"] as JsonArray ?? [];
        conditions.Add(condition);
        status["conditions"] = conditions;
    }

    public static void Remove(JsonObject status, string type)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status["conditions"] is JsonArray conditions)
        {
            foreach (var c in conditions.OfType<JsonObject>().Where(c => KubeObject.GetString(c, "type") == type).ToList())
            {
                conditions.Remove(c);
            }
        }
    }
}
