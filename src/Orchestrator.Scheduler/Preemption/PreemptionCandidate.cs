using Orchestrator.Scheduler.Framework;

namespace Orchestrator.Scheduler.Preemption;

/// <summary>A node where evicting these pods (highest priority first) would make room.</summary>
internal sealed record PreemptionCandidate(NodeInfo Node, IReadOnlyList<PodInfo> Victims)
{
    public int HighestPriority => Victims[0].Priority;

    /// <summary>Sum of victim priorities, each shifted by 2^31 so negative priorities count as less than none.</summary>
    public long PrioritySum => Victims.Sum(victim => (long)victim.Priority + int.MaxValue + 1L);

    /// <summary>The earliest start among the highest-priority victims (not started yet counts as now, i.e. latest).</summary>
    public DateTimeOffset EarliestStartOfHighest =>
        Victims.Where(victim => victim.Priority == HighestPriority).Min(victim => victim.StartTime ?? DateTimeOffset.MaxValue);
}
