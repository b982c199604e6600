using System.Runtime.CompilerServices;
using Orchestrator.Scheduler.Framework;

namespace Orchestrator.Scheduler.Plugins;

/// <summary>
/// Filter: the node must match the pod's nodeSelector and one of its required node affinity terms
/// (preemption cannot help). Score: the sum of the weights of the preferred terms the node matches,
/// scaled so the best node gets 100.
/// </summary>
public sealed class NodeAffinity : IPreFilterPlugin, IFilterPlugin, IPreScorePlugin, IScorePlugin
{
    public const string Reason = "node(s) didn't match Pod's node affinity/selector";

    private static readonly Status Rejected = Status.Unresolvable(PluginNames.NodeAffinity, Reason);

    public string Name => PluginNames.NodeAffinity;

    public Status? PreFilter(CycleState state, PodInfo pod, Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.RequiredNodeAffinity.IsEmpty ? Status.Skip : null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Status? Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(node);
        return pod.RequiredNodeAffinity.Matches(node.Name, node.LabelMap) ? null : Rejected;
    }

    public Status? PreScore(CycleState state, PodInfo pod, ReadOnlySpan<NodeInfo> nodes, Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.PreferredNodeTerms.Count == 0 ? Status.Skip : null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(node);
        long score = 0;
        foreach (var preferred in pod.PreferredNodeTermSpan)
        {
            if (preferred.Term.Matches(node.Name, node.LabelMap))
            {
                score += preferred.Weight;
            }
        }

        return score;
    }

    public void NormalizeScores(CycleState state, PodInfo pod, ReadOnlySpan<NodeInfo> nodes, Span<long> scores) =>
        ScoreNormalizer.Default(scores, reverse: false);
}
