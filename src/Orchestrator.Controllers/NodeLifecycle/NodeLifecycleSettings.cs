using AkkaConfig = Akka.Configuration.Config;

namespace Orchestrator.Controllers.NodeLifecycle;

/// <summary>The node lifecycle controller's settings (orchestrator.controllers.node-lifecycle), Kubernetes' defaults.</summary>
public sealed record NodeLifecycleSettings
{
    /// <summary>How often every node's Lease and Ready condition are checked (--node-monitor-period).</summary>
    public TimeSpan NodeMonitorPeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Without a heartbeat for this long a node's conditions become Unknown (--node-monitor-grace-period, 50 s in 1.32).</summary>
    public TimeSpan NodeMonitorGracePeriod { get; init; } = TimeSpan.FromSeconds(50);

    /// <summary>The grace a node that never posted a Ready condition gets (--node-startup-grace-period).</summary>
    public TimeSpan NodeStartupGracePeriod { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the queued nodes of each zone are tainted NoExecute, as the zone's rate allows (scheduler.NodeEvictionPeriod).</summary>
    public TimeSpan NodeEvictionPeriod { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Nodes per second whose pods are evicted (tainted NoExecute) in a healthy zone (--node-eviction-rate).</summary>
    public double NodeEvictionRate { get; init; } = 0.1;

    /// <summary>The rate in a zone with more than the unhealthy threshold of its nodes down (--secondary-node-eviction-rate).</summary>
    public double SecondaryNodeEvictionRate { get; init; } = 0.01;

    /// <summary>The fraction of not-ready nodes (at least 3) that makes a zone partially disrupted (--unhealthy-zone-threshold).</summary>
    public double UnhealthyZoneThreshold { get; init; } = 0.55;

    /// <summary>A partially disrupted zone of at most this many nodes stops evicting instead of slowing (--large-cluster-size-threshold).</summary>
    public int LargeClusterSizeThreshold { get; init; } = 50;

    public static NodeLifecycleSettings FromConfig(AkkaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new NodeLifecycleSettings
        {
            NodeMonitorPeriod = config.GetTimeSpan("node-monitor-period"),
            NodeMonitorGracePeriod = config.GetTimeSpan("node-monitor-grace-period"),
            NodeStartupGracePeriod = config.GetTimeSpan("node-startup-grace-period"),
            NodeEvictionPeriod = config.GetTimeSpan("node-eviction-period"),
            NodeEvictionRate = config.GetDouble("node-eviction-rate"),
            SecondaryNodeEvictionRate = config.GetDouble("secondary-node-eviction-rate"),
            UnhealthyZoneThreshold = config.GetDouble("unhealthy-zone-threshold"),
            LargeClusterSizeThreshold = config.GetInt("large-cluster-size-threshold"),
        };
    }
}
