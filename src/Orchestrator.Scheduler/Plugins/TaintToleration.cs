using System.Runtime.CompilerServices;
using Orchestrator.Scheduler.Framework;

namespace Orchestrator.Scheduler.Plugins;

/// <summary>
/// Filter: every NoSchedule and NoExecute taint of the node must be tolerated; the first that is not
/// is the reason (preemption cannot help). Score: the fewer untolerated PreferNoSchedule taints the
/// better, scaled so a node without any gets 100.
/// </summary>
public sealed class TaintToleration : IFilterPlugin, IPreScorePlugin, IScorePlugin
{
    private static readonly StateKey<Toleration[]> PreferNoScheduleTolerations = new("PreScore" + PluginNames.TaintToleration);

    public string Name => PluginNames.TaintToleration;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Status? Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(node);
        foreach (var taint in node.TaintSpan)
        {
            if (taint.Effect is TaintEffect.NoSchedule or TaintEffect.NoExecute && !Toleration.AnyTolerates(pod.TolerationSpan, taint))
            {
                return taint.UntoleratedStatus;
            }
        }

        return null;
    }

    public Status? PreScore(CycleState state, PodInfo pod, ReadOnlySpan<NodeInfo> nodes, Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(pod);

        // Only tolerations of PreferNoSchedule (or of every effect) can tolerate a PreferNoSchedule taint.
        state.Write(PreferNoScheduleTolerations, [.. pod.Tolerations.Where(t => t.Effect is TaintEffect.All or TaintEffect.PreferNoSchedule)]);
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(node);
        var tolerations = state.Read(PreferNoScheduleTolerations) ?? [];
        long untolerated = 0;
        foreach (var taint in node.TaintSpan)
        {
            if (taint.Effect == TaintEffect.PreferNoSchedule && !Toleration.AnyTolerates(tolerations, taint))
            {
                untolerated++;
            }
        }

        return untolerated;
    }

    public void NormalizeScores(CycleState state, PodInfo pod, ReadOnlySpan<NodeInfo> nodes, Span<long> scores) =>
        ScoreNormalizer.Default(scores, reverse: true);
}
