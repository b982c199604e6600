using AkkaConfig = Akka.Configuration.Config;

namespace Orchestrator.Controllers.EndpointSlices;

/// <summary>The EndpointSlice mirroring controller's settings (orchestrator.controllers.endpointslice-mirroring).</summary>
public sealed record EndpointSliceMirroringControllerSettings
{
    /// <summary>Endpoints mirrored at once (kube-controller-manager's --mirroring-concurrent-service-endpoint-syncs).</summary>
    public int ConcurrentSyncs { get; init; } = 5;

    /// <summary>Endpoints one mirrored slice holds at most (kube-controller-manager's --mirroring-max-endpoints-per-subset).</summary>
    public int MaxEndpointsPerSubset { get; init; } = 1000;

    public static EndpointSliceMirroringControllerSettings FromConfig(AkkaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new EndpointSliceMirroringControllerSettings
        {
            ConcurrentSyncs = config.GetInt("concurrent-syncs"),
            MaxEndpointsPerSubset = config.GetInt("max-endpoints-per-subset"),
        };
    }
}
