namespace Orchestrator.Scheduler;

/// <summary>
/// The scheduling algorithm's settings, with Kubernetes' defaults (orchestrator.scheduler in
/// hocon/reference.conf documents each; the scheduler actor reads them from there).
/// </summary>
public sealed record SchedulerSettings
{
    /// <summary>
    /// Percentage of the nodes to find feasible before the search stops and scoring starts (Kubernetes'
    /// percentageOfNodesToScore). 0 is adaptive: 50% minus 1% per 125 nodes, at least 5%; at least 100
    /// nodes are always looked for. 100 examines every node.
    /// </summary>
    public int PercentageOfNodesToScore { get; init; }

    public PluginWeights Weights { get; init; } = new();

    /// <summary>Whether a pod that fits nowhere may evict lower-priority pods (Kubernetes' DefaultPreemption).</summary>
    public bool Preemption { get; init; } = true;

    /// <summary>Preemption's dry run looks for at least this percentage of the nodes as candidates (Kubernetes: 10).</summary>
    public int MinCandidateNodesPercentage { get; init; } = 10;

    /// <summary>... and at least this many (Kubernetes: 100).</summary>
    public int MinCandidateNodesAbsolute { get; init; } = 100;

    /// <summary>What an existing pod's required affinity to the incoming pod adds to a node's InterPodAffinity score (Kubernetes: 1).</summary>
    public int HardPodAffinityWeight { get; init; } = 1;

    /// <summary>
    /// Whether the NodeReady filter runs: a node whose Ready condition is False or Unknown is treated as
    /// carrying the not-ready or unreachable NoSchedule taint even before the node lifecycle controller
    /// puts it there.
    /// </summary>
    public bool NodeReadyFilter { get; init; } = true;
}
