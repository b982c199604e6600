using System.Collections.Concurrent;
using Orchestrator.Controllers.Cloud.Provider;

namespace Orchestrator.Controllers.Tests.Cloud;

/// <summary>A cloud's route table in memory, with the calls made to it.</summary>
public sealed class InMemoryRoutes : IRoutes
{
    private readonly ConcurrentDictionary<string, CloudRoute> _routes = new();
    private int _next;

    public IReadOnlyList<CloudRoute> Table => [.. _routes.Values];

    /// <summary>Puts a route in the table as if made earlier (by another cluster member, or before a node went).</summary>
    public void Add(CloudRoute route) => _routes[route.Name] = route;

    public Task<IReadOnlyList<CloudRoute>> ListRoutesAsync(string clusterName, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CloudRoute>>([.. _routes.Values]);

    public Task CreateRouteAsync(string clusterName, string nameHint, CloudRoute route, CancellationToken cancellationToken)
    {
        var name = $"{clusterName}-{nameHint}-{Interlocked.Increment(ref _next)}";
        _routes[name] = route with { Name = name };
        return Task.CompletedTask;
    }

    public Task DeleteRouteAsync(string clusterName, CloudRoute route, CancellationToken cancellationToken)
    {
        _routes.TryRemove(route.Name, out _);
        return Task.CompletedTask;
    }
}
