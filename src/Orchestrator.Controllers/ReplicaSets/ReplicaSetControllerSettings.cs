using AkkaConfig = Akka.Configuration.Config;

namespace Orchestrator.Controllers.ReplicaSets;

/// <summary>The ReplicaSet controller's settings (orchestrator.controllers.replica-set).</summary>
public sealed record ReplicaSetControllerSettings
{
    /// <summary>ReplicaSets synced at once (kube-controller-manager's --concurrent-replicaset-syncs).</summary>
    public int ConcurrentSyncs { get; init; } = 5;

    /// <summary>At most this many pods are created or deleted by one sync (Kubernetes' BurstReplicas).</summary>
    public int BurstReplicas { get; init; } = 500;

    public static ReplicaSetControllerSettings FromConfig(AkkaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new ReplicaSetControllerSettings
        {
            ConcurrentSyncs = config.GetInt("concurrent-syncs"),
            BurstReplicas = config.GetInt("burst-replicas"),
        };
    }
}
