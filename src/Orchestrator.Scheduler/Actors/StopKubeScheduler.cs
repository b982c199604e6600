namespace Orchestrator.Scheduler.Actors;

/// <summary>
/// Stops a <see cref="KubeScheduler"/> in order: its scheduling loop first, then its Lease is released, then it
/// stops itself. It is the cluster singleton's termination message, so a hand-over does the same.
/// </summary>
public sealed record StopKubeScheduler
{
    public static readonly StopKubeScheduler Instance = new();
}
