using AkkaConfig = Akka.Configuration.Config;

namespace Orchestrator.Controllers.Cloud;

/// <summary>The cloud controller manager's settings (orchestrator.cloud); the provider reads its own part of the same block.</summary>
public sealed record CloudSettings
{
    /// <summary>Whether <c>orchestrator up</c> runs the cloud controller manager.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>"local", or the assembly-qualified name of a type implementing <see cref="Provider.ICloudProvider"/> (--cloud-provider).</summary>
    public string Provider { get; init; } = "local";

    /// <summary>The name the provider's resources are tagged with (--cluster-name: "kubernetes").</summary>
    public string ClusterName { get; init; } = "kubernetes";

    /// <summary>How often every node's addresses and labels are refreshed from the provider (--node-status-update-frequency: 5 min).</summary>
    public TimeSpan NodeStatusUpdateFrequency { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a node that is not Ready is asked after (--node-monitor-period: 5 s).</summary>
    public TimeSpan NodeMonitorPeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Services synced at once (--concurrent-service-syncs: 1).</summary>
    public int ConcurrentServiceSyncs { get; init; } = 1;

    /// <summary>Whether the route controller programs routes (--configure-cloud-routes: true).</summary>
    public bool ConfigureCloudRoutes { get; init; } = true;

    /// <summary>How often the routes are compared with the nodes (--route-reconciliation-period: 10 s).</summary>
    public TimeSpan RouteReconciliationPeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The whole orchestrator.cloud block, for the provider.</summary>
    public AkkaConfig Config { get; init; } = AkkaConfig.Empty;

    /// <summary>Reads the settings from a whole configuration (an ActorSystem's).</summary>
    public static CloudSettings FromConfig(AkkaConfig root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var cloud = root.GetConfig("orchestrator.cloud");
        return new CloudSettings
        {
            Enabled = cloud.GetBoolean("enabled"),
            Provider = cloud.GetString("provider"),
            ClusterName = cloud.GetString("cluster-name"),
            NodeStatusUpdateFrequency = cloud.GetTimeSpan("node.node-status-update-frequency"),
            NodeMonitorPeriod = cloud.GetTimeSpan("node-lifecycle.node-monitor-period"),
            ConcurrentServiceSyncs = cloud.GetInt("service.concurrent-service-syncs"),
            ConfigureCloudRoutes = cloud.GetBoolean("route.configure-cloud-routes"),
            RouteReconciliationPeriod = cloud.GetTimeSpan("route.route-reconciliation-period"),
            Config = cloud,
        };
    }
}
