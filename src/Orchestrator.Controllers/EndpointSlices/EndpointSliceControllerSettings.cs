using AkkaConfig = Akka.Configuration.Config;

namespace Orchestrator.Controllers.EndpointSlices;

/// <summary>The EndpointSlice controller's settings (orchestrator.controllers.endpointslice).</summary>
public sealed record EndpointSliceControllerSettings
{
    /// <summary>Services synced at once (kube-controller-manager's --concurrent-service-endpoint-syncs).</summary>
    public int ConcurrentSyncs { get; init; } = 5;

    /// <summary>Endpoints one slice holds at most (kube-controller-manager's --max-endpoints-per-slice).</summary>
    public int MaxEndpointsPerSlice { get; init; } = 100;

    /// <summary>How soon a Service is synced again when the slice cache does not yet show this controller's last writes.</summary>
    public TimeSpan StaleCacheRetry { get; init; } = TimeSpan.FromMilliseconds(100);

    public static EndpointSliceControllerSettings FromConfig(AkkaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new EndpointSliceControllerSettings
        {
            ConcurrentSyncs = config.GetInt("concurrent-syncs"),
            MaxEndpointsPerSlice = config.GetInt("max-endpoints-per-slice"),
            StaleCacheRetry = config.GetTimeSpan("stale-cache-retry"),
        };
    }
}
