using System.Text.Json.Nodes;
using Orchestrator.Client;
using Orchestrator.Controllers.Pods;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Deployments;

/// <summary>
/// The Deployment's status: counts summed over its ReplicaSets, Available against maxUnavailable, Progressing
/// against the progress deadline, ReplicaFailure copied from a ReplicaSet, Paused/Resumed; written through
/// deployments/status only when it changed.
/// </summary>
internal sealed partial class DeploymentSync
{
    private static readonly string[] StatusFields =
        ["observedGeneration", "replicas", "updatedReplicas", "readyReplicas", "availableReplicas", "unavailableReplicas", "collisionCount", "conditions"];

    /// <summary>The Progressing condition says paused or resumed when spec.paused changes (Kubernetes' checkPausedConditions).</summary>
    private async Task CheckPausedConditionsAsync()
    {
        if (!HasProgressDeadline || DeploymentConditions.Reason(Status, DeploymentConditions.Progressing) == DeploymentConditions.ProgressDeadlineExceeded)
        {
            return;
        }

        var pausedShown = DeploymentConditions.Reason(Status, DeploymentConditions.Progressing) == DeploymentConditions.DeploymentPaused;
        if (Paused == pausedShown)
        {
            return;
        }

        var (reason, message) = Paused ? (DeploymentConditions.DeploymentPaused, "Deployment is paused") : (DeploymentConditions.DeploymentResumed, "Deployment is resumed");
        DeploymentConditions.Set(Status, DeploymentConditions.New(DeploymentConditions.Progressing, "Unknown", reason, message, _clock.GetUtcNow()));
        await WriteStatusAsync();
    }

    /// <summary>Writes the counts and Available condition when they changed (syncDeploymentStatus).</summary>
    private async Task SyncDeploymentStatusAsync()
    {
        var (newRs, _) = CurrentNewAndOld();
        var status = CalculateStatus(newRs);
        if (!SameStatus(status))
        {
            _d["status"] = status;
            await WriteStatusAsync();
        }
    }

    /// <summary>
    /// Writes the status with the Progressing condition brought up to date (syncRolloutStatus): complete, still
    /// progressing (the deadline starts over), or past its deadline; otherwise looks again when the deadline passes.
    /// </summary>
    private async Task SyncRolloutStatusAsync(JsonObject? newRs)
    {
        newRs = newRs is null ? null : Current(newRs);
        var status = CalculateStatus(newRs);
        if (!HasProgressDeadline)
        {
            DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
        }

        var current = DeploymentConditions.Get(Status, DeploymentConditions.Progressing);
        var complete = Count(status, "replicas") == Count(status, "updatedReplicas")
            && current is not null && KubeObject.GetString(current, "reason") == DeploymentConditions.NewReplicaSetAvailable;
        var now = _clock.GetUtcNow();
        var subject = newRs is not null ? $"ReplicaSet \"{KubeObject.Name(newRs)}\"" : $"Deployment \"{Name}\"";
        if (HasProgressDeadline && !complete)
        {
            if (IsComplete(status))
            {
                DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "True",
                    DeploymentConditions.NewReplicaSetAvailable, $"{subject} has successfully progressed.", now));
            }
            else if (IsProgressing(status))
            {
                var condition = DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.ReplicaSetUpdated, $"{subject} is progressing.", now);

                // Progress resets the deadline (lastUpdateTime) but is no transition while Progressing stays True.
                if (current is not null)
                {
                    if (KubeObject.GetString(current, "status") == "True")
                    {
                        condition["lastTransitionTime"] = current["lastTransitionTime"]?.DeepClone();
                    }

                    DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
                }

                DeploymentConditions.Set(status, condition);
            }
            else if (TimedOut(status, now))
            {
                DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "False",
                    DeploymentConditions.ProgressDeadlineExceeded, $"{subject} has timed out progressing.", now));
            }
        }

        // A ReplicaSet that cannot create or delete pods makes the Deployment report it too.
        var failure = (newRs is null ? [] : new[] { newRs }).Concat(_replicaSets)
            .Select(rs => KubeObject.Get(rs, "status", "conditions") as JsonArray)
            .SelectMany(c => c?.OfType<JsonObject>() ?? [])
            .FirstOrDefault(c => KubeObject.GetString(c, "type") == DeploymentConditions.ReplicaFailure);
        if (failure is not null)
        {
            DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.ReplicaFailure, KubeObject.GetString(failure, "status") ?? "True",
                KubeObject.GetString(failure, "reason") ?? "", KubeObject.GetString(failure, "message") ?? "", now));
        }
        else
        {
            DeploymentConditions.Remove(status, DeploymentConditions.ReplicaFailure);
        }

        if (SameStatus(status))
        {
            RequeueAfter = StuckRequeue(status, now);
            return;
        }

        _d["status"] = status;
        await WriteStatusAsync();
    }

    private JsonObject CalculateStatus(JsonObject? newRs)
    {
        var all = _replicaSets;
        var available = all.Sum(rs => StatusOf(rs, "availableReplicas"));
        var total = all.Sum(SpecReplicas);
        var status = new JsonObject();
        Put(status, "observedGeneration", KubeObject.GetInt64(_d, "metadata", "generation") ?? 0);
        Put(status, "replicas", all.Sum(rs => StatusOf(rs, "replicas")));
        Put(status, "updatedReplicas", newRs is null ? 0 : StatusOf(newRs, "replicas"));
        Put(status, "readyReplicas", all.Sum(rs => StatusOf(rs, "readyReplicas")));
        Put(status, "availableReplicas", available);
        Put(status, "unavailableReplicas", Math.Max(0, total - available));
        if (Status["collisionCount"] is { } collisions)
        {
            status["collisionCount"] = collisions.DeepClone();
        }

        if (Status["conditions"] is JsonArray conditions)
        {
            status["conditions"] = conditions.DeepClone();
        }

        var now = _clock.GetUtcNow();
        DeploymentConditions.Set(status, available >= Replicas - RollingUpdateLimits.MaxUnavailable(_d)
            ? DeploymentConditions.New(DeploymentConditions.Available, "True", DeploymentConditions.MinimumReplicasAvailable, "Deployment has minimum availability.", now)
            : DeploymentConditions.New(DeploymentConditions.Available, "False", DeploymentConditions.MinimumReplicasUnavailable, "Deployment does not have minimum availability.", now));
        return status;
    }

    /// <summary>Every replica updated and available, and the latest generation observed (DeploymentComplete).</summary>
    private bool IsComplete(JsonObject status) =>
        Count(status, "updatedReplicas") == Replicas && Count(status, "replicas") == Replicas && Count(status, "availableReplicas") == Replicas
        && Count(status, "observedGeneration") >= (KubeObject.GetInt64(_d, "metadata", "generation") ?? 0);

    /// <summary>More updated, ready or available replicas, or fewer old ones, than the status last said (DeploymentProgressing).</summary>
    private bool IsProgressing(JsonObject status) =>
        Count(status, "updatedReplicas") > Count(Status, "updatedReplicas")
        || Count(status, "replicas") - Count(status, "updatedReplicas") < Count(Status, "replicas") - Count(Status, "updatedReplicas")
        || Count(status, "readyReplicas") > Count(Status, "readyReplicas")
        || Count(status, "availableReplicas") > Count(Status, "availableReplicas");

    private bool TimedOut(JsonObject status, DateTimeOffset now)
    {
        if (DeploymentConditions.Get(status, DeploymentConditions.Progressing) is not { } condition)
        {
            return false;
        }

        return KubeObject.GetString(condition, "reason") switch
        {
            DeploymentConditions.NewReplicaSetAvailable => false,
            DeploymentConditions.ProgressDeadlineExceeded => true,
            _ => Timestamps.Parse(KubeObject.GetString(condition, "lastUpdateTime")) is { } since && since.AddSeconds(ProgressDeadlineSeconds) < now,
        };
    }

    // requeueStuckDeployment: a rollout making no progress is looked at again when its deadline passes.
    private TimeSpan? StuckRequeue(JsonObject status, DateTimeOffset now)
    {
        if (!HasProgressDeadline || DeploymentConditions.Get(status, DeploymentConditions.Progressing) is not { } condition
            || IsComplete(status) || KubeObject.GetString(condition, "reason") == DeploymentConditions.ProgressDeadlineExceeded
            || Timestamps.Parse(KubeObject.GetString(condition, "lastUpdateTime")) is not { } since)
        {
            return null;
        }

        // A second past the deadline, as Kubernetes does, so that the deadline has passed when the sync runs.
        var after = since.AddSeconds(ProgressDeadlineSeconds) - now;
        return (after < TimeSpan.Zero ? TimeSpan.Zero : after) + TimeSpan.FromSeconds(1);
    }

    private long ProgressDeadlineSeconds => KubeObject.GetInt64(_d, "spec", "progressDeadlineSeconds") ?? 600;

    private (JsonObject? New, List<JsonObject> Old) CurrentNewAndOld()
    {
        var newRs = FindNewReplicaSet();
        return (newRs, OldReplicaSets(newRs));
    }

    private bool SameStatus(JsonObject status) =>
        StatusFields.All(field => JsonNode.DeepEquals(Status[field], status[field]));

    /// <summary>
    /// Writes the whole status (and the revision annotation when it changed) as a merge patch of deployments/status:
    /// absent fields are sent as null so that the stored status loses them too, as omitempty fields would.
    /// </summary>
    private async Task WriteStatusAsync()
    {
        var status = new JsonObject();
        foreach (var field in StatusFields)
        {
            status[field] = Status[field]?.DeepClone();
        }

        var patch = new JsonObject { ["status"] = status };
        if (_revisionChanged)
        {
            patch["metadata"] = new JsonObject
            {
                ["annotations"] = new JsonObject { [DeploymentAnnotations.Revision] = KubeObject.Annotations(_d)[DeploymentAnnotations.Revision] },
            };
        }

        await _client.PatchAsync(ResourceRef.Deployments, Namespace, Name, PatchType.Merge, patch, "status", _cancellationToken);
        _revisionChanged = false;
    }

    private static long Count(JsonObject status, string field) => KubeObject.GetInt64(status, field) ?? 0;

    private static void Put(JsonObject status, string field, long value)
    {
        if (value != 0)
        {
            status[field] = value;
        }
    }
}
