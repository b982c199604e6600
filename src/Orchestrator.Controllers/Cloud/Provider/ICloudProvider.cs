using Orchestrator.Client;

namespace Orchestrator.Controllers.Cloud.Provider;

/// <summary>
/// A cloud provider, shaped after Kubernetes' k8s.io/cloud-provider Interface: the cloud controller manager's
/// loops ask it about machines (<see cref="InstancesV2"/>), load balancers (<see cref="LoadBalancer"/>) and
/// routes (<see cref="Routes"/>). A part the provider does not offer is null, and the loop that needs it does
/// not run (as Kubernetes' "cloud provider does not support routes"). Implementations are thread-safe: the
/// loops call them from their reconciles at once. A provider named by type in orchestrator.cloud.provider needs
/// a public constructor taking no argument or one <see cref="Akka.Configuration.Config"/> (its orchestrator.cloud block).
/// </summary>
public interface ICloudProvider
{
    /// <summary>The scheme of the providerIDs it gives nodes ("local" in local://node-1).</summary>
    string ProviderName { get; }

    /// <summary>Machines, or null when the provider does not know them.</summary>
    IInstancesV2? InstancesV2 { get; }

    /// <summary>Load balancers for Services of type LoadBalancer, or null.</summary>
    ILoadBalancer? LoadBalancer { get; }

    /// <summary>Routes to nodes' pod ranges, or null when the network needs none.</summary>
    IRoutes? Routes { get; }

    /// <summary>
    /// Called once before any loop runs, with the cloud controller manager's client to the cluster (Kubernetes'
    /// Initialize with its client builder): a provider may read what it needs to recover its state.
    /// </summary>
    void Initialize(IKubeClient client);
}
