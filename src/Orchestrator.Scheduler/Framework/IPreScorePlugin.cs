namespace Orchestrator.Scheduler.Framework;

/// <summary>Runs once per attempt before scoring the nodes that passed the filters.</summary>
public interface IPreScorePlugin : IPlugin
{
    /// <summary>Null to go on; <see cref="Status.Skip"/> when the plugin has nothing to score (every node gets 0).</summary>
    Status? PreScore(CycleState state, PodInfo pod, ReadOnlySpan<NodeInfo> nodes, Snapshot snapshot);
}
