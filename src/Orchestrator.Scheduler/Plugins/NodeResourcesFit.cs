using System.Runtime.CompilerServices;
using Orchestrator.Scheduler.Framework;

namespace Orchestrator.Scheduler.Plugins;

/// <summary>
/// Filter: the node must have room for one more pod and, for every resource the pod requests (cpu,
/// memory, ephemeral-storage, extended resources), allocatable minus what its pods already request must
/// cover the request. Every shortfall is a reason ("Too many pods", "Insufficient cpu", ...), and
/// preemption can help. Score (LeastAllocated, cpu and memory weighted 1 each): the share of each
/// resource left free after placing the pod, counting request-less containers at 100m / 200 MiB.
/// </summary>
public sealed class NodeResourcesFit : IFilterPlugin, IScorePlugin
{
    public const string TooManyPods = "Too many pods";
    public const string InsufficientCpu = "Insufficient cpu";
    public const string InsufficientMemory = "Insufficient memory";
    public const string InsufficientEphemeralStorage = "Insufficient ephemeral-storage";

    private const int PodsBit = 1;
    private const int CpuBit = 2;
    private const int MemoryBit = 4;
    private const int StorageBit = 8;

    // Each combination of the four fixed shortfalls, made once: filtering a full cluster allocates nothing.
    private static readonly Status?[] Combinations = BuildCombinations();

    private readonly long _cpuWeight;
    private readonly long _memoryWeight;

    public NodeResourcesFit(long cpuWeight = 1, long memoryWeight = 1)
    {
        _cpuWeight = cpuWeight;
        _memoryWeight = memoryWeight;
    }

    public string Name => PluginNames.NodeResourcesFit;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Status? Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(node);
        var request = pod.Requests;
        var missing = 0;

        // The node's free amounts are its own fields: no allocatable, requested or pod list to read per node.
        if (node.PodRoom < 1)
        {
            missing |= PodsBit;
        }

        if (request.IsZero)
        {
            return Combinations[missing];
        }

        if (request.MilliCpu > 0 && request.MilliCpu > node.FreeMilliCpu)
        {
            missing |= CpuBit;
        }

        if (request.Memory > 0 && request.Memory > node.FreeMemory)
        {
            missing |= MemoryBit;
        }

        if (request.EphemeralStorage > 0 && request.EphemeralStorage > node.FreeEphemeralStorage)
        {
            missing |= StorageBit;
        }

        List<string>? scalarReasons = null;
        foreach (var (name, quantity) in request.ScalarSpan)
        {
            if (quantity > node.Allocatable.Scalar(name) - node.Requested.Scalar(name))
            {
                (scalarReasons ??= []).Add("Insufficient " + name);
            }
        }

        if (scalarReasons is null)
        {
            return Combinations[missing];
        }

        return Status.Unschedulable(Name, [.. (Combinations[missing]?.Reasons ?? []), .. scalarReasons]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(node);
        long score = 0;
        long weights = 0;
        var cpu = node.AllocatableMilliCpu;
        if (cpu != 0)
        {
            score += LeastRequested(node.NonZeroMilliCpu + pod.Requests.ScoringMilliCpu, cpu) * _cpuWeight;
            weights += _cpuWeight;
        }

        var memory = node.AllocatableMemory;
        if (memory != 0)
        {
            score += LeastRequested(node.NonZeroMemory + pod.Requests.ScoringMemory, memory) * _memoryWeight;
            weights += _memoryWeight;
        }

        return weights == 0 ? 0 : score / weights;
    }

    /// <summary>LeastAllocated needs no normalization: its scores are already 0..100.</summary>
    public void NormalizeScores(CycleState state, PodInfo pod, ReadOnlySpan<NodeInfo> nodes, Span<long> scores)
    {
    }

    private static long LeastRequested(long requested, long capacity) =>
        capacity == 0 || requested > capacity ? 0 : (capacity - requested) * ScoreNormalizer.MaxNodeScore / capacity;

    private static Status?[] BuildCombinations()
    {
        var result = new Status?[16];
        for (var mask = 1; mask < 16; mask++)
        {
            var reasons = new List<string>();
            if ((mask & PodsBit) != 0)
            {
                reasons.Add(TooManyPods);
            }

            if ((mask & CpuBit) != 0)
            {
                reasons.Add(InsufficientCpu);
            }

            if ((mask & MemoryBit) != 0)
            {
                reasons.Add(InsufficientMemory);
            }

            if ((mask & StorageBit) != 0)
            {
                reasons.Add(InsufficientEphemeralStorage);
            }

            result[mask] = Status.Unschedulable(PluginNames.NodeResourcesFit, [.. reasons]);
        }

        return result;
    }
}
