namespace Orchestrator.Scheduler.Framework;

/// <summary>Ranks the nodes that passed the filters; the framework multiplies the normalized score by the plugin's weight.</summary>
public interface IScorePlugin : IPlugin
{
    /// <summary>The raw score of one node.</summary>
    long Score(CycleState state, PodInfo pod, NodeInfo node);

    /// <summary>Brings the raw scores of all scored nodes (same order as <paramref name="nodes"/>) into 0..100 in place.</summary>
    void NormalizeScores(CycleState state, PodInfo pod, ReadOnlySpan<NodeInfo> nodes, Span<long> scores);
}
