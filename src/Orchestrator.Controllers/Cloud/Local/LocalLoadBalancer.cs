using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Client;
using Orchestrator.Client.Informers;
using Orchestrator.Controllers.Cloud.Provider;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Cloud.Local;

/// <summary>
/// Load balancers as addresses of a loopback pool, one per Service, which the service proxy listens on (k3s'
/// ServiceLB, MetalLB). There is no state of its own to lose: before its first answer it takes back every
/// address the Services' status.loadBalancer already shows, so a restart never hands one out twice. A Service
/// keeps the address it shows, gets spec.loadBalancerIP when that is a free pool address, else the lowest free one.
/// </summary>
public sealed class LocalLoadBalancer : ILoadBalancer
{
    private readonly AddressPool _pool;
    private readonly Dictionary<string, IPAddress> _allocated = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private IKubeClient? _client;
    private Task? _recovery;

    public LocalLoadBalancer(AddressPool pool) => _pool = pool ?? throw new ArgumentNullException(nameof(pool));

    public IPNetwork Pool => _pool.Range;

    /// <summary>The client the addresses in use are recovered through; without one the pool starts empty.</summary>
    public void Initialize(IKubeClient client) => _client = client;

    public async Task<(LoadBalancerStatus? Status, bool Exists)> GetLoadBalancerAsync(string clusterName, JsonObject service, CancellationToken cancellationToken)
    {
        await RecoverAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            return _allocated.TryGetValue(ObjectKey.Of(service), out var address) ? (StatusOf(address), true) : (null, false);
        }
    }

    public string GetLoadBalancerName(string clusterName, JsonObject service) =>
        "a" + (KubeObject.Uid(service) ?? "").Replace("-", "", StringComparison.Ordinal);

    public async Task<LoadBalancerStatus> EnsureLoadBalancerAsync(string clusterName, JsonObject service, IReadOnlyList<JsonObject> nodes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        await RecoverAsync(cancellationToken).ConfigureAwait(false);
        var key = ObjectKey.Of(service);
        lock (_gate)
        {
            if (_allocated.TryGetValue(key, out var held))
            {
                return StatusOf(held);
            }

            // The address the Service already shows (written before a restart), if it is still the pool's and free.
            foreach (var shown in ShownAddresses(service))
            {
                if (_pool.Occupy(shown))
                {
                    return Take(key, shown);
                }
            }

            if (KubeObject.GetString(service, "spec", "loadBalancerIP") is { Length: > 0 } requestedText)
            {
                if (!IPAddress.TryParse(requestedText, out var requested) || !_pool.Contains(requested))
                {
                    throw new LoadBalancerUnavailableException($"requested spec.loadBalancerIP {requestedText} is not in the load-balancer pool {_pool.Range}");
                }

                return _pool.Occupy(requested)
                    ? Take(key, requested)
                    : throw new LoadBalancerUnavailableException($"requested spec.loadBalancerIP {requestedText} is already in use by another Service");
            }

            return _pool.Allocate() is { } address
                ? Take(key, address)
                : throw new LoadBalancerUnavailableException($"no address left in the load-balancer pool {_pool.Range}: all {_pool.Capacity} are in use");
        }
    }

    /// <summary>Nothing to do: the address is served on this machine whichever nodes there are.</summary>
    public Task UpdateLoadBalancerAsync(string clusterName, JsonObject service, IReadOnlyList<JsonObject> nodes, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task EnsureLoadBalancerDeletedAsync(string clusterName, JsonObject service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        await RecoverAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (_allocated.Remove(ObjectKey.Of(service), out var address))
            {
                _pool.Release(address);
            }
        }
    }

    /// <summary>Takes the addresses Services of type LoadBalancer show, once, before the first answer (callers at once share one LIST; a failed one is tried again).</summary>
    private Task RecoverAsync(CancellationToken cancellationToken)
    {
        if (_client is not { } client)
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            if (_recovery is null || _recovery.IsFaulted || _recovery.IsCanceled)
            {
                _recovery = RecoverFromAsync(client, cancellationToken);
            }

            return _recovery;
        }
    }

    private async Task RecoverFromAsync(IKubeClient client, CancellationToken cancellationToken)
    {
        var services = await client.ListAsync(ResourceRef.Services, null, cancellationToken: cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            foreach (var service in services.Items.Where(ServiceLoadBalancers.WantsLoadBalancer))
            {
                var key = ObjectKey.Of(service);
                foreach (var shown in ShownAddresses(service))
                {
                    if (!_allocated.ContainsKey(key) && _pool.Occupy(shown))
                    {
                        _allocated[key] = shown;
                    }
                }
            }
        }
    }

    private LoadBalancerStatus Take(string key, IPAddress address)
    {
        _allocated[key] = address;
        return StatusOf(address);
    }

    private static IEnumerable<IPAddress> ShownAddresses(JsonObject service) =>
        LoadBalancerStatus.Of(service).Ingress
            .Select(i => IPAddress.TryParse(i.Ip, out var ip) ? ip : null)
            .OfType<IPAddress>();

    private static LoadBalancerStatus StatusOf(IPAddress address) => new([new LoadBalancerIngress(address.ToString())]);
}
