namespace Orchestrator.Scheduler.Framework;

/// <summary>
/// What a pod asks of a node, in the units the scheduler compares: millicores of cpu, bytes of memory
/// and ephemeral storage, whole units of every scalar resource. Computed once per pod (see
/// <see cref="PodRequestsCalculator"/>) as Kubernetes' resource.PodRequests does.
/// </summary>
public sealed class ResourceRequests
{
    private readonly KeyValuePair<string, long>[] _scalars;

    internal ResourceRequests(long milliCpu, long memory, long ephemeralStorage, KeyValuePair<string, long>[] scalars,
        long nonZeroMilliCpu, long nonZeroMemory, long scoringMilliCpu, long scoringMemory)
    {
        MilliCpu = milliCpu;
        Memory = memory;
        EphemeralStorage = ephemeralStorage;
        _scalars = scalars;
        NonZeroMilliCpu = nonZeroMilliCpu;
        NonZeroMemory = nonZeroMemory;
        ScoringMilliCpu = scoringMilliCpu;
        ScoringMemory = scoringMemory;
    }

    /// <summary>Nothing requested.</summary>
    public static ResourceRequests None { get; } = new(0, 0, 0, [], PodRequestsCalculator.DefaultMilliCpuRequest,
        PodRequestsCalculator.DefaultMemoryRequest, PodRequestsCalculator.DefaultMilliCpuRequest, PodRequestsCalculator.DefaultMemoryRequest);

    public long MilliCpu { get; }

    public long Memory { get; }

    public long EphemeralStorage { get; }

    /// <summary>Extended resources, hugepages and the like, sorted by name; zero requests omitted.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Scalars => _scalars;

    /// <summary>
    /// The cpu a node accounts for this pod when spreading load (Kubernetes' Non0CPU): when no container
    /// asks for cpu at all, each counts as 100m, so that many request-less pods do not pile onto one node.
    /// </summary>
    public long NonZeroMilliCpu { get; }

    /// <summary>The memory counterpart of <see cref="NonZeroMilliCpu"/> (200 MiB per container).</summary>
    public long NonZeroMemory { get; }

    /// <summary>
    /// The cpu LeastAllocated scores the incoming pod with: every container that names no cpu request
    /// counts 100m (Kubernetes applies the default per container here, not only when none asks).
    /// </summary>
    public long ScoringMilliCpu { get; }

    /// <summary>The memory counterpart of <see cref="ScoringMilliCpu"/>.</summary>
    public long ScoringMemory { get; }

    /// <summary>Neither cpu, memory, ephemeral storage nor any scalar resource requested.</summary>
    public bool IsZero => MilliCpu == 0 && Memory == 0 && EphemeralStorage == 0 && _scalars.Length == 0;

    internal ReadOnlySpan<KeyValuePair<string, long>> ScalarSpan => _scalars;

    public long Scalar(string name)
    {
        foreach (var (key, value) in _scalars)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return 0;
    }

    public override string ToString() =>
        $"cpu={MilliCpu}m memory={Memory} ephemeral-storage={EphemeralStorage}" + string.Concat(_scalars.Select(s => $" {s.Key}={s.Value}"));
}
