using System.Text.Json.Nodes;
using Orchestrator.Controllers.Ownership;
using Orchestrator.Controllers.Pods;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Deployments;

/// <summary>The two rollout strategies: RollingUpdate within maxSurge and maxUnavailable, and Recreate.</summary>
internal sealed partial class DeploymentSync
{
    /// <summary>
    /// Kubernetes' rolloutRolling: scale the new ReplicaSet up as far as maxSurge allows; otherwise scale old ones down
    /// as far as maxUnavailable allows (unhealthy replicas first); once complete, clean up old ReplicaSets.
    /// </summary>
    private async Task RolloutRollingAsync()
    {
        var (newRs, oldRss) = await GetAllReplicaSetsAndSyncRevisionAsync(createIfNotExisted: true);
        if (await ReconcileNewReplicaSetAsync(newRs!) || await ReconcileOldReplicaSetsAsync(newRs!, Active(oldRss.Select(Current))))
        {
            await SyncRolloutStatusAsync(newRs);
            return;
        }

        if (IsComplete(Status))
        {
            await CleanupAsync(oldRss);
        }

        await SyncRolloutStatusAsync(newRs);
    }

    private async Task<bool> ReconcileNewReplicaSetAsync(JsonObject newRs)
    {
        newRs = Current(newRs);
        var current = SpecReplicas(newRs);
        if (current == Replicas)
        {
            return false;
        }

        if (current > Replicas)
        {
            await ScaleReplicaSetAndRecordEventAsync(newRs, Replicas);
            return true;
        }

        var wanted = NewReplicaSetReplicas(_replicaSets.Where(rs => SpecReplicas(rs) > 0 || KubeObject.Uid(rs) == KubeObject.Uid(newRs)), newRs);
        if (wanted == current)
        {
            return false;
        }

        await ScaleReplicaSetAndRecordEventAsync(newRs, wanted);
        return true;
    }

    private async Task<bool> ReconcileOldReplicaSetsAsync(JsonObject newRs, List<JsonObject> oldRss)
    {
        if (oldRss.Sum(SpecReplicas) == 0)
        {
            return false;
        }

        newRs = Current(newRs);
        var allPods = _replicaSets.Sum(SpecReplicas);
        var minAvailable = Replicas - RollingUpdateLimits.MaxUnavailable(_d);
        var newUnavailable = SpecReplicas(newRs) - StatusOf(newRs, "availableReplicas");
        var maxScaledDown = allPods - minAvailable - newUnavailable;
        if (maxScaledDown <= 0)
        {
            return false;
        }

        // Replicas of old ReplicaSets that are not available cost no availability: they go first.
        var cleaned = 0;
        foreach (var rs in ByCreation(oldRss).ToList())
        {
            if (cleaned >= maxScaledDown)
            {
                break;
            }

            var unhealthy = SpecReplicas(rs) - StatusOf(rs, "availableReplicas");
            if (SpecReplicas(rs) == 0 || unhealthy <= 0)
            {
                continue;
            }

            var count = Math.Min(maxScaledDown - cleaned, unhealthy);
            await ScaleReplicaSetAndRecordEventAsync(rs, SpecReplicas(rs) - count);
            cleaned += count;
        }

        // Then as many available replicas as keep the Deployment at minAvailable. A ReplicaSet scaled down a moment ago
        // may still report the pods it is deleting as available: it counts for no more than its new size (a guard
        // Kubernetes does not have, which keeps a slow status from taking availability below the minimum).
        var available = _replicaSets.Where(rs => SpecReplicas(rs) > 0 || KubeObject.Uid(rs) == KubeObject.Uid(newRs))
            .Sum(rs => Math.Min(StatusOf(rs, "availableReplicas"), SpecReplicas(rs)));
        var scaledDown = 0;
        if (available > minAvailable)
        {
            var total = available - minAvailable;
            foreach (var rs in ByCreation(oldRss.Select(Current)).ToList())
            {
                if (scaledDown >= total)
                {
                    break;
                }

                if (SpecReplicas(rs) == 0)
                {
                    continue;
                }

                var count = Math.Min(SpecReplicas(rs), total - scaledDown);
                await ScaleReplicaSetAndRecordEventAsync(rs, SpecReplicas(rs) - count);
                scaledDown += count;
            }
        }

        return cleaned + scaledDown > 0;
    }

    /// <summary>
    /// Kubernetes' rolloutRecreate: scale every old ReplicaSet to zero, wait until none of their pods is left running,
    /// then create the new ReplicaSet at full size.
    /// </summary>
    private async Task RolloutRecreateAsync()
    {
        var (newRs, oldRss) = await GetAllReplicaSetsAndSyncRevisionAsync(createIfNotExisted: false);
        var scaledDown = false;
        foreach (var rs in Active(oldRss.Select(Current)))
        {
            await ScaleReplicaSetAndRecordEventAsync(rs, 0);
            scaledDown = true;
        }

        if (scaledDown || OldPodsRunning(newRs, oldRss))
        {
            await SyncRolloutStatusAsync(newRs);
            return;
        }

        if (newRs is null)
        {
            (newRs, oldRss) = await GetAllReplicaSetsAndSyncRevisionAsync(createIfNotExisted: true);
        }

        await ScaleReplicaSetAndRecordEventAsync(Current(newRs!), Replicas);
        if (IsComplete(Status))
        {
            await CleanupAsync(oldRss);
        }

        await SyncRolloutStatusAsync(newRs);
    }

    /// <summary>Old ReplicaSets still report replicas, or any of their pods has not finished (a terminating one included).</summary>
    private bool OldPodsRunning(JsonObject? newRs, List<JsonObject> oldRss)
    {
        if (oldRss.Select(Current).Sum(rs => StatusOf(rs, "replicas")) > 0)
        {
            return true;
        }

        var oldUids = oldRss.Select(KubeObject.Uid).ToHashSet(StringComparer.Ordinal);
        return _pods.List(Namespace).Any(pod =>
            ControllerRefs.UidOf(pod) is { } owner && oldUids.Contains(owner) && owner != (newRs is null ? null : KubeObject.Uid(newRs))
            && PodState.Phase(pod) is not ("Succeeded" or "Failed"));
    }
}
