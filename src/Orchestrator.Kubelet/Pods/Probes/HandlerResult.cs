namespace Orchestrator.Kubelet.Pods.Probes;

/// <summary>What running a probe's or hook's handler gave: success, and a message that says why not.</summary>
public sealed record HandlerResult(bool Success, string Message)
{
    public static HandlerResult Ok { get; } = new(true, "");

    public static HandlerResult Failed(string message) => new(false, message);
}
