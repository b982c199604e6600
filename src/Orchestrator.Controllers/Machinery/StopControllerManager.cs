namespace Orchestrator.Controllers.Machinery;

/// <summary>
/// Stops a <see cref="ControllerManager"/> in order: its controllers first, then its Lease is released, then
/// it stops itself. It is the cluster singleton's termination message, so a hand-over does the same.
/// </summary>
public sealed record StopControllerManager
{
    public static readonly StopControllerManager Instance = new();
}
