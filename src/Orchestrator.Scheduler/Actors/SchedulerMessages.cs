namespace Orchestrator.Scheduler.Actors;

/// <summary>Asks the scheduler for its counters; it answers <see cref="SchedulerStats"/>.</summary>
public sealed record GetSchedulerStats
{
    public static readonly GetSchedulerStats Instance = new();
}

/// <summary>
/// What the scheduler has done since it started: attempts that found a node, attempts that found none,
/// bindings written, bindings the API refused as already bound or deleted (409/404), bindings that failed
/// otherwise, bindings still in flight, and what its queue holds.
/// </summary>
public sealed record SchedulerStats(
    bool Synced, long Scheduled, long Unschedulable, long Bound, long BindingsRefused, long BindingsFailed, int BindingsInFlight,
    int Queued, int Active, int Backoff, int UnschedulablePods, long Preemptions, int Nodes, int Pods);
