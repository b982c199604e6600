namespace Orchestrator.Controllers.NodeLifecycle;

/// <summary>How healthy a zone's nodes are, which sets how fast its nodes' pods are evicted (Kubernetes' ZoneState).</summary>
public enum ZoneState
{
    /// <summary>Not yet computed.</summary>
    Initial,

    /// <summary>Few nodes down: evict at node-eviction-rate.</summary>
    Normal,

    /// <summary>No node Ready: evict at the normal rate, unless every zone is so (then evict nothing at all).</summary>
    FullDisruption,

    /// <summary>At least 3 and more than unhealthy-zone-threshold of the nodes down: the secondary rate, or none in a small zone.</summary>
    PartialDisruption,
}

/// <summary>Kubernetes' ComputeZoneState.</summary>
public static class ZoneStates
{
    public static ZoneState Compute(int ready, int notReady, double unhealthyThreshold) =>
        ready == 0 && notReady > 0 ? ZoneState.FullDisruption
        : notReady > 2 && (double)notReady / (ready + notReady) >= unhealthyThreshold ? ZoneState.PartialDisruption
        : ZoneState.Normal;
}
