namespace Orchestrator.Scheduler.Queue;

/// <summary>Where a pod waits in the <see cref="SchedulingQueue"/> (kube-scheduler's activeQ, podBackoffQ, unschedulablePods).</summary>
public enum QueueLocation
{
    /// <summary>Ready to be scheduled, in priority order.</summary>
    Active,

    /// <summary>Waiting out its back-off before it becomes active again.</summary>
    Backoff,

    /// <summary>Fit nowhere: waits for a cluster change that could make it fit (or the longest wait).</summary>
    Unschedulable,

    /// <summary>Handed out by <see cref="SchedulingQueue.Pop"/> and being scheduled.</summary>
    InFlight,
}
