namespace Orchestrator.Kubelet.Server;

/// <summary>
/// What the kubelet's HTTPS endpoint needs to know about the pods this node runs (the real kubelet asks its pod
/// manager and status manager the same): for a pod named by namespace and name, its sandbox, its IP and, for each
/// container of its spec, the runtime ids of the current and the last terminated instance. Implemented by the
/// kubelet's pod side (KubeletActor/PodActor); safe to call from any thread.
/// </summary>
public interface IPodContainerLocator
{
    /// <summary>The pod as this node runs it, or null when the node has no such pod.</summary>
    ValueTask<LocatedPod?> FindPodAsync(string podNamespace, string podName, CancellationToken cancellationToken);
}
