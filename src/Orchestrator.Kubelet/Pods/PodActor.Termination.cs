using Akka.Actor;
using Orchestrator.Client;
using Orchestrator.Kubelet.Pods.Volumes;
using Orchestrator.Kubelet.Runtime;

namespace Orchestrator.Kubelet.Pods;

/// <summary>
/// Ending the pod (the kubelet's killPod and the status manager's final delete): every running container gets its
/// preStop hook and then SIGTERM with what is left of the grace period, at once; the sandbox is stopped (and removed
/// with the pod's files when the pod is going away); a pod deleted through the API is then removed from it for good
/// (DELETE with gracePeriodSeconds=0, only if its uid is still this one). Then the actor stops.
/// </summary>
public sealed partial class PodActor
{
    private async Task TerminateAsync(TimeSpan grace, bool runHooks, bool removeFromRuntime, bool deleteFromApi)
    {
        var deadline = _clock.GetUtcNow() + grace;
        EnsureRecords();
        if (_sandboxId is null)
        {
            // Nothing started by this actor: look for what a previous kubelet left.
            var adopted = (await _runtime.ListPodSandboxesAsync(_uid, None)).Where(s => s.PodUid == _uid).ToList();
            _sandboxId = adopted.OrderByDescending(s => s.CreatedAt).FirstOrDefault()?.Id;
            foreach (var stale in adopted.Where(s => s.Id != _sandboxId))
            {
                await _runtime.RemovePodSandboxAsync(stale.Id, None);
            }

            await RefreshContainersAsync();
        }

        foreach (var record in _records.Values)
        {
            StopProbes(record);
        }

        var stops = _records.Values
            .Where(r => r.Current?.State is ContainerState.Running or ContainerState.Created)
            .Select(r => KillContainerAsync(r, SpecOf(r), deadline, "Stopping", runHooks))
            .ToList();
        await Task.WhenAll(stops);

        if (_sandboxId is not null)
        {
            await _runtime.StopPodSandboxAsync(_sandboxId, None);
            if (removeFromRuntime)
            {
                await _runtime.RemovePodSandboxAsync(_sandboxId, None);
            }
        }

        if (removeFromRuntime)
        {
            PodVolumes.TearDown(_podDirectory);
        }

        if (deleteFromApi)
        {
            try
            {
                await _client.DeleteAsync(ResourceRef.Pods, _ns, _name, new DeleteOptions { GracePeriodSeconds = 0, PreconditionUid = _uid }, None);
            }
            catch (KubeApiException failure) when (failure.IsNotFound || failure.StatusCode == System.Net.HttpStatusCode.Conflict)
            {
                // Already gone, or a new pod of the same name: nothing of ours is left to delete.
            }
        }

        Context.Stop(Self);
    }
}
