namespace Orchestrator.Scheduler.Framework;

/// <summary>Decides whether a pod can run on one node. Runs for thousands of nodes per attempt: should not allocate.</summary>
public interface IFilterPlugin : IPlugin
{
    /// <summary>Null when the node fits; otherwise why not.</summary>
    Status? Filter(CycleState state, PodInfo pod, NodeInfo node);
}
