namespace Orchestrator.Controllers.Cloud.Provider;

/// <summary>Routes in the cloud's network to each node's pod range (cloud-provider's Routes).</summary>
public interface IRoutes
{
    /// <summary>The cluster's routes.</summary>
    Task<IReadOnlyList<CloudRoute>> ListRoutesAsync(string clusterName, CancellationToken cancellationToken);

    /// <summary>Creates a route; <paramref name="nameHint"/> (the node's uid) may name it.</summary>
    Task CreateRouteAsync(string clusterName, string nameHint, CloudRoute route, CancellationToken cancellationToken);

    Task DeleteRouteAsync(string clusterName, CloudRoute route, CancellationToken cancellationToken);
}
