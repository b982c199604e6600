namespace Orchestrator.Controllers.NodeLifecycle;

/// <summary>What the controller last saw of a node's heartbeats (Kubernetes' nodeHealthData).</summary>
internal sealed class NodeHealth(DateTimeOffset now)
{
    /// <summary>When a heartbeat (a new Ready lastHeartbeatTime or Lease renewTime) was last seen.</summary>
    public DateTimeOffset ProbeTime { get; set; } = now;

    public string? ReadyHeartbeat { get; set; }

    public string? LeaseRenewTime { get; set; }
}
