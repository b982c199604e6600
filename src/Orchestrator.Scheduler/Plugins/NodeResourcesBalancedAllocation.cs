using System.Runtime.CompilerServices;
using Orchestrator.Scheduler.Framework;

namespace Orchestrator.Scheduler.Plugins;

/// <summary>
/// Score: prefers nodes whose cpu and memory would be used in equal shares after placing the pod:
/// (1 - standard deviation of the two fractions) × 100, fractions capped at 1, from the actual requests.
/// A pod that requests neither (best effort) is not scored (Kubernetes skips it since 1.32, so such pods
/// do not all pile onto one node).
/// </summary>
public sealed class NodeResourcesBalancedAllocation : IPreScorePlugin, IScorePlugin
{
    public string Name => PluginNames.NodeResourcesBalancedAllocation;

    public Status? PreScore(CycleState state, PodInfo pod, ReadOnlySpan<NodeInfo> nodes, Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.Requests.MilliCpu == 0 && pod.Requests.Memory == 0 ? Status.Skip : null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(node);
        Span<double> fractions = stackalloc double[2];
        var count = 0;
        if (node.AllocatableMilliCpu != 0)
        {
            fractions[count++] = Fraction(node.RequestedMilliCpu + pod.Requests.MilliCpu, node.AllocatableMilliCpu);
        }

        if (node.AllocatableMemory != 0)
        {
            fractions[count++] = Fraction(node.RequestedMemory + pod.Requests.Memory, node.AllocatableMemory);
        }

        var deviation = count == 2 ? Math.Abs((fractions[0] - fractions[1]) / 2) : 0;
        return (long)((1 - deviation) * ScoreNormalizer.MaxNodeScore);
    }

    /// <summary>Already 0..100.</summary>
    public void NormalizeScores(CycleState state, PodInfo pod, ReadOnlySpan<NodeInfo> nodes, Span<long> scores)
    {
    }

    private static double Fraction(long requested, long allocatable) => Math.Min(1.0, (double)requested / allocatable);
}
