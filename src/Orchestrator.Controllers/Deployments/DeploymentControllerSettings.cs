using AkkaConfig = Akka.Configuration.Config;

namespace Orchestrator.Controllers.Deployments;

/// <summary>The Deployment controller's settings (orchestrator.controllers.deployment).</summary>
public sealed record DeploymentControllerSettings
{
    /// <summary>Deployments synced at once (kube-controller-manager's --concurrent-deployment-syncs).</summary>
    public int ConcurrentSyncs { get; init; } = 5;

    public static DeploymentControllerSettings FromConfig(AkkaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new DeploymentControllerSettings { ConcurrentSyncs = config.GetInt("concurrent-syncs") };
    }
}
