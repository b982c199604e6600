using AkkaConfig = Akka.Configuration.Config;

namespace Orchestrator.Controllers.ServiceAccounts;

/// <summary>The service account controller's settings (orchestrator.controllers.serviceaccount).</summary>
public sealed record ServiceAccountsControllerSettings
{
    /// <summary>Namespaces synced at once (kube-controller-manager's --concurrent-serviceaccount-syncs).</summary>
    public int ConcurrentSyncs { get; init; } = 5;

    /// <summary>The service accounts every namespace gets (Kubernetes: default).</summary>
    public IReadOnlyList<string> ServiceAccounts { get; init; } = ["default"];

    public static ServiceAccountsControllerSettings FromConfig(AkkaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new ServiceAccountsControllerSettings
        {
            ConcurrentSyncs = config.GetInt("concurrent-syncs"),
            ServiceAccounts = [.. config.GetStringList("service-accounts")],
        };
    }
}
