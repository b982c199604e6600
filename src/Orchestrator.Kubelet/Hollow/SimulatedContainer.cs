namespace Orchestrator.Kubelet.Hollow;

/// <summary>
/// A container of a pod on a simulated node: what its status needs. <paramref name="Sidecar"/> marks an init
/// container with restartPolicy Always, which keeps running beside the app containers.
/// </summary>
public sealed record SimulatedContainer(string Name, string Image, bool Sidecar = false);
