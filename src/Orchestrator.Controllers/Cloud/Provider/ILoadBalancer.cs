using System.Text.Json.Nodes;

namespace Orchestrator.Controllers.Cloud.Provider;

/// <summary>
/// Load balancers for Services of type LoadBalancer (cloud-provider's LoadBalancer). Services and nodes are
/// passed as the API returned them. Every method is idempotent: the service controller calls them again on
/// every change and after every failure.
/// </summary>
public interface ILoadBalancer
{
    /// <summary>The service's load balancer as it is, if one exists.</summary>
    Task<(LoadBalancerStatus? Status, bool Exists)> GetLoadBalancerAsync(string clusterName, JsonObject service, CancellationToken cancellationToken);

    /// <summary>The provider's name for the service's load balancer (Kubernetes: "a" + the service's uid without dashes).</summary>
    string GetLoadBalancerName(string clusterName, JsonObject service);

    /// <summary>Creates the load balancer, or brings an existing one up to the service and nodes; returns its addresses.</summary>
    /// <exception cref="LoadBalancerUnavailableException">No address can be given now (a pool exhausted); the service stays pending and is retried.</exception>
    Task<LoadBalancerStatus> EnsureLoadBalancerAsync(string clusterName, JsonObject service, IReadOnlyList<JsonObject> nodes, CancellationToken cancellationToken);

    /// <summary>Points an existing load balancer at the nodes, which changed.</summary>
    Task UpdateLoadBalancerAsync(string clusterName, JsonObject service, IReadOnlyList<JsonObject> nodes, CancellationToken cancellationToken);

    /// <summary>Deletes the load balancer if it exists; succeeds when it does not.</summary>
    Task EnsureLoadBalancerDeletedAsync(string clusterName, JsonObject service, CancellationToken cancellationToken);
}
