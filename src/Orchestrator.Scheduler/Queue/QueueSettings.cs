namespace Orchestrator.Scheduler.Queue;

/// <summary>The scheduling queue's timings (orchestrator.scheduler; kube-scheduler's defaults).</summary>
public sealed record QueueSettings
{
    /// <summary>The back-off after a pod's first failed attempt (podInitialBackoffSeconds: 1).</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The back-off doubles per attempt up to this (podMaxBackoffSeconds: 10).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>An unschedulable pod is retried after this long even if no cluster change suggested it (podMaxInUnschedulablePodsDuration: 5 min).</summary>
    public TimeSpan MaxInUnschedulable { get; init; } = TimeSpan.FromMinutes(5);
}
