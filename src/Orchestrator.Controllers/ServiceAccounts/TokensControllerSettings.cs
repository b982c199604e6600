using AkkaConfig = Akka.Configuration.Config;

namespace Orchestrator.Controllers.ServiceAccounts;

/// <summary>The token controller's settings (orchestrator.controllers.serviceaccount-token).</summary>
public sealed record TokensControllerSettings
{
    /// <summary>Secrets filled at once (kube-controller-manager's --concurrent-serviceaccount-token-syncs).</summary>
    public int ConcurrentSyncs { get; init; } = 5;

    public static TokensControllerSettings FromConfig(AkkaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new TokensControllerSettings { ConcurrentSyncs = config.GetInt("concurrent-syncs") };
    }
}
