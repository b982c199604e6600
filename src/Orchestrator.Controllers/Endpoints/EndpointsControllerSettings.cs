using AkkaConfig = Akka.Configuration.Config;

namespace Orchestrator.Controllers.Endpoints;

/// <summary>The Endpoints controller's settings (orchestrator.controllers.endpoints).</summary>
public sealed record EndpointsControllerSettings
{
    /// <summary>Services synced at once (kube-controller-manager's --concurrent-endpoint-syncs).</summary>
    public int ConcurrentSyncs { get; init; } = 5;

    /// <summary>Addresses one Endpoints object holds at most; beyond, it is truncated and annotated over-capacity (Kubernetes: 1000).</summary>
    public int MaxAddresses { get; init; } = 1000;

    public static EndpointsControllerSettings FromConfig(AkkaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new EndpointsControllerSettings
        {
            ConcurrentSyncs = config.GetInt("concurrent-syncs"),
            MaxAddresses = config.GetInt("max-addresses"),
        };
    }
}
