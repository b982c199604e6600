using Orchestrator.Kubelet.Runtime;

namespace Orchestrator.Kubelet.Server;

/// <summary>
/// A runtime that can attach to a container's main process (CRI's Attach): its stdin, and its output from now on.
/// Optional: for a runtime without it, kubectl attach gets the container's output from now on (its log, followed)
/// and no stdin.
/// </summary>
public interface IContainerAttacher
{
    Task<IExecSession> AttachAsync(string containerId, ExecRequest request, CancellationToken cancellationToken);
}
