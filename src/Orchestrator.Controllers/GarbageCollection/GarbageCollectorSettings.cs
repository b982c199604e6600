using AkkaConfig = Akka.Configuration.Config;

namespace Orchestrator.Controllers.GarbageCollection;

/// <summary>The garbage collector's settings (orchestrator.controllers.garbage-collector).</summary>
public sealed record GarbageCollectorSettings
{
    /// <summary>Objects processed at once (kube-controller-manager's --concurrent-gc-syncs).</summary>
    public int ConcurrentSyncs { get; init; } = 20;

    /// <summary>How often the API's resources are discovered again, to watch those served since (Kubernetes: 30 s).</summary>
    public TimeSpan DiscoveryPeriod { get; init; } = TimeSpan.FromSeconds(30);

    public static GarbageCollectorSettings FromConfig(AkkaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new GarbageCollectorSettings
        {
            ConcurrentSyncs = config.GetInt("concurrent-syncs"),
            DiscoveryPeriod = config.GetTimeSpan("discovery-period"),
        };
    }
}
