namespace Orchestrator.Kubelet.Server;

/// <summary>
/// Finds the runtime container a request names, refusing in the kubelet's words: 404 for a pod or container the
/// node does not have, 400 for one that has no instance to serve (still waiting, or no previous one).
/// </summary>
public static class ContainerResolver
{
    public static async Task<LocatedPod> PodAsync(IPodContainerLocator locator, string podNamespace, string podName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(locator);
        return await locator.FindPodAsync(podNamespace, podName, cancellationToken).ConfigureAwait(false)
            ?? throw KubeletRequestException.NotFound($"pod \"{podNamespace}/{podName}\" does not exist");
    }

    /// <summary>The runtime id of the container's current instance, or of its last terminated one when <paramref name="previous"/>.</summary>
    public static async Task<string> ContainerIdAsync(
        IPodContainerLocator locator, string podNamespace, string podName, string containerName, bool previous, CancellationToken cancellationToken)
    {
        var pod = await PodAsync(locator, podNamespace, podName, cancellationToken).ConfigureAwait(false);
        var container = pod.Container(containerName)
            ?? throw KubeletRequestException.NotFound($"container \"{containerName}\" not found in pod \"{podNamespace}/{podName}\"");
        if (previous)
        {
            return container.LastTerminatedContainerId
                ?? throw KubeletRequestException.BadRequest($"previous terminated container \"{containerName}\" in pod \"{podName}\" not found");
        }

        if (container.ContainerId is { } id)
        {
            return id;
        }

        throw KubeletRequestException.BadRequest(container.WaitingReason is { Length: > 0 } reason
            ? $"container \"{containerName}\" in pod \"{podName}\" is waiting to start: {reason}"
            : $"container \"{containerName}\" in pod \"{podName}\" is waiting to start - no logs yet");
    }
}
