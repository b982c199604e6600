namespace Orchestrator.Scheduler.Framework;

/// <summary>Runs once per attempt before any node is filtered: precomputes what its Filter needs.</summary>
public interface IPreFilterPlugin : IPlugin
{
    /// <summary>
    /// Null (or Success) to go on; <see cref="Status.Skip"/> when the plugin has nothing to check for this
    /// pod (its Filter then does not run); a rejection when the pod can fit no node at all.
    /// </summary>
    Status? PreFilter(CycleState state, PodInfo pod, Snapshot snapshot);
}
