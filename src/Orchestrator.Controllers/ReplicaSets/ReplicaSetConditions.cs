using System.Text.Json.Nodes;
using Orchestrator.Controllers.Pods;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.ReplicaSets;

/// <summary>
/// A ReplicaSet's status.conditions: ReplicaFailure (True, FailedCreate or FailedDelete with the error) while pods
/// cannot be created or deleted, removed once a sync succeeds; other conditions are kept as they are.
/// </summary>
public static class ReplicaSetConditions
{
    public const string ReplicaFailure = "ReplicaFailure";

    /// <summary>The conditions to write, or null for none; <paramref name="diff"/> is owned pods minus spec.replicas.</summary>
    public static JsonArray? Next(JsonObject oldStatus, int diff, Exception? manageError, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(oldStatus);
        var conditions = oldStatus["conditions"] is JsonArray old ? old.OfType<JsonObject>().Select(c => c.DeepClone().AsObject()).ToList() : [];
        var failure = conditions.FirstOrDefault(c => KubeObject.GetString(c, "type") == ReplicaFailure);
        if (manageError is not null && failure is null)
        {
            conditions.Add(new JsonObject
            {
                ["type"] = ReplicaFailure,
                ["status"] = "True",
                ["lastTransitionTime"] = Timestamps.Format(now),
                ["reason"] = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "",
                ["message"] = manageError.Message,
            });
        }
        else if (manageError is null && failure is not null)
        {
            conditions.Remove(failure);
        }

        return conditions.Count == 0 ? null : new JsonArray([.. conditions]);
    }
}
