using AkkaConfig = Akka.Configuration.Config;

namespace Orchestrator.Controllers.Namespaces;

/// <summary>The namespace controller's settings (orchestrator.controllers.namespace).</summary>
public sealed record NamespaceControllerSettings
{
    /// <summary>Namespaces emptied at once (kube-controller-manager's --concurrent-namespace-syncs).</summary>
    public int ConcurrentSyncs { get; init; } = 10;

    /// <summary>How soon a Terminating namespace that still holds objects is looked at again.</summary>
    public TimeSpan ContentRemainingRetry { get; init; } = TimeSpan.FromSeconds(1);

    public static NamespaceControllerSettings FromConfig(AkkaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new NamespaceControllerSettings
        {
            ConcurrentSyncs = config.GetInt("concurrent-syncs"),
            ContentRemainingRetry = config.GetTimeSpan("content-remaining-retry"),
        };
    }
}
