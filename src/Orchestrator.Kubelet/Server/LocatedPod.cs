namespace Orchestrator.Kubelet.Server;

/// <summary>A pod on this node, as the kubelet's endpoint needs it.</summary>
/// <param name="SandboxId">The runtime's sandbox id, null before the sandbox exists.</param>
/// <param name="Ip">The pod IP (routable from the node for a pod in its own network namespace; a loopback address for the host-network fallback), null before it is known.</param>
/// <param name="Containers">Every container of the pod's spec (init containers too), by name.</param>
public sealed record LocatedPod(string Namespace, string Name, string Uid, string? SandboxId, string? Ip, IReadOnlyList<LocatedContainer> Containers)
{
    public LocatedContainer? Container(string name) => Containers.FirstOrDefault(c => c.Name == name);
}

/// <summary>One container of a pod's spec and its runtime instances.</summary>
/// <param name="ContainerId">The runtime id of the current instance (running or exited), without the <c>docker://</c> scheme; null while there is none.</param>
/// <param name="WaitingReason">Why there is no current instance (status.containerStatuses[].state.waiting.reason: ContainerCreating, ImagePullBackOff, …).</param>
/// <param name="LastTerminatedContainerId">The runtime id of the previous, terminated instance (lastState.terminated.containerID), for <c>--previous</c>.</param>
public sealed record LocatedContainer(string Name, string? ContainerId, string? WaitingReason, string? LastTerminatedContainerId);
