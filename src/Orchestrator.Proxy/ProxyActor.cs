using System.Net;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Client.Informers;
using Orchestrator.Proxy.Addresses;
using Orchestrator.Proxy.Endpoints;
using Orchestrator.Proxy.Forwarding;
using Orchestrator.Proxy.Kernel;

namespace Orchestrator.Proxy;

/// <summary>
/// The service proxy of one node (kube-proxy). It watches Services and EndpointSlices through shared informers and
/// keeps one <see cref="IServiceListener"/> per address a Service asks for (<see cref="ServiceListeners"/>): it opens
/// and closes them as Services change and hands them new endpoint snapshots as EndpointSlices change. In kernel mode
/// (given an <see cref="NftablesProxier"/>) they are NAT rules; in userspace mode, <see cref="Forwarder"/>s. It is
/// never in the data path: the kernel or the forwarders' socket loops forward without it, so connections in flight
/// survive every change. ClusterIPs and load-balancer IPs are added to the host's Service interface before their listeners
/// bind (kube-proxy's IPVS mode binds them to kube-ipvs0), and removed when their Services no longer use them.
/// </summary>
public sealed class ProxyActor : ReceiveActor
{
    private static readonly InformerKey ServicesInformer = new(ResourceRef.Services);
    private static readonly InformerKey SlicesInformer = new(ResourceRef.EndpointSlices);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IKubeClient _client;
    private readonly ProxySettings _settings;
    private readonly InformerSettings _informerSettings;
    private readonly ServiceAddressInterface _interface;
    private readonly ForwarderOptions _options;
    private readonly NftablesProxier? _kernel;
    private readonly HashSet<InformerKey> _unsynced = [ServicesInformer, SlicesInformer];
    private readonly Dictionary<ListenerKey, Owned> _listeners = [];
    private readonly Dictionary<string, HashSet<ListenerKey>> _byService = new(StringComparer.Ordinal);
    private readonly Dictionary<IPAddress, int> _addressUsers = [];
    private readonly Dictionary<IPAddress, Task> _addressWork = [];
    private SharedInformerFactory _informers = null!;

    public ProxyActor(IKubeClient client, ProxySettings settings, InformerSettings informerSettings, ServiceAddressInterface serviceInterface, NftablesProxier? kernel)
    {
        _kernel = kernel;
        _client = client;
        _settings = settings;
        _informerSettings = informerSettings;
        _interface = serviceInterface;
        _options = ForwarderOptions.From(settings, _log);

        Receive<InformerSynced>(OnSynced);
        Receive<InformerEvent>(OnEvent);
        Receive<GetProxyListeners>(_ => Sender.Tell(new ProxyListeners([.. _listeners.Values.Select(Status).OrderBy(s => s.ToString(), StringComparer.Ordinal)])));
    }

    /// <summary>The proxy's props: kernel mode when given <paramref name="kernel"/> (which it disposes when it stops), userspace otherwise.</summary>
    public static Props Props(IKubeClient client, ProxySettings settings, InformerSettings informerSettings, ServiceAddressInterface serviceInterface, NftablesProxier? kernel = null) =>
        Akka.Actor.Props.Create(() => new ProxyActor(client, settings, informerSettings, serviceInterface, kernel));

    protected override void PreStart()
    {
        _informers = new SharedInformerFactory(Context, _client, _informerSettings);
        _informers.Subscribe(ServicesInformer, Self);
        _informers.Subscribe(SlicesInformer, Self);
    }

    protected override void PostStop()
    {
        // The listeners close and the nftables table goes; the addresses stay on the interface, as kube-proxy leaves
        // kube-ipvs0's behind when it exits: another cluster's proxy on this machine may serve the same address, and
        // the next start reuses them.
        foreach (var owned in _listeners.Values)
        {
            owned.Listener.Dispose();
        }

        _listeners.Clear();
        _kernel?.Dispose();
    }

    private void OnSynced(InformerSynced synced)
    {
        if (_unsynced.Remove(synced.Informer) && _unsynced.Count == 0)
        {
            // Both caches are complete: every Service can be set up with its endpoints known.
            foreach (var key in _informers.Lister(ServicesInformer).ListKeys())
            {
                Sync(key);
            }

            _log.Info("proxy: serving {0} listeners for {1} Services", _listeners.Count, _byService.Count);
        }
    }

    private void OnEvent(InformerEvent e)
    {
        if (_unsynced.Count > 0)
        {
            return;
        }

        if (e.Informer == ServicesInformer)
        {
            Sync(ObjectKey.Of(e.Object));
        }
        else if (e.Object["metadata"]?["labels"]?[ServiceListeners.ServiceNameLabel]?.GetValue<string>() is { } service)
        {
            Sync(ObjectKey.For(e.Object["metadata"]?["namespace"]?.GetValue<string>(), service));
        }
    }

    /// <summary>Makes the listeners of one Service ("namespace/name") match its object and slices in the caches.</summary>
    private void Sync(string serviceKey)
    {
        var service = _informers.Lister(ServicesInformer).GetByKey(serviceKey);
        var desired = service is null
            ? new Dictionary<ListenerKey, EndpointSnapshot>()
            : ServiceListeners.For(service, SlicesOf(service), _settings.NodeName, _settings.NodeAddresses);
        var current = _byService.GetValueOrDefault(serviceKey) ?? [];

        foreach (var gone in current.Where(k => !desired.ContainsKey(k)).ToList())
        {
            Close(gone);
            current.Remove(gone);
        }

        foreach (var (key, snapshot) in desired)
        {
            if (_listeners.TryGetValue(key, out var owned))
            {
                if (owned.Service != serviceKey)
                {
                    _log.Warning("proxy: {0} of Service {1} is already served for Service {2}; not served twice", key, serviceKey, owned.Service);
                    continue;
                }

                if (!owned.Listener.Snapshot.SameAs(snapshot))
                {
                    owned.Listener.Update(snapshot);
                }

                continue;
            }

            var listener = Open(key);
            _listeners[key] = new Owned(serviceKey, listener);
            current.Add(key);
            listener.Update(snapshot);
        }

        if (current.Count > 0)
        {
            _byService[serviceKey] = current;
        }
        else
        {
            _byService.Remove(serviceKey);
        }
    }

    private IEnumerable<JsonObject> SlicesOf(JsonObject service)
    {
        var name = service["metadata"]?["name"]?.GetValue<string>();
        return _informers.Lister(SlicesInformer).List(service["metadata"]?["namespace"]?.GetValue<string>())
            .Where(s => s["metadata"]?["labels"]?[ServiceListeners.ServiceNameLabel]?.GetValue<string>() == name);
    }

    private IServiceListener Open(ListenerKey key)
    {
        var address = key.Address.Address;
        var ready = _settings.NodeAddresses.Contains(address) ? Task.CompletedTask : Acquire(address);
        if (_kernel is not null)
        {
            // The address is still made local, so that the host's own connections to it have a route and one that
            // no rule matches (no endpoints) is refused by the host.
            return _kernel.Open(key);
        }

        var selector = new EndpointSelector(_settings.EndpointRetryAfter);
        return key.Protocol == "UDP"
            ? new UdpForwarder(key, _options, selector, ready)
            : new TcpForwarder(key, _options, selector, ready);
    }

    private void Close(ListenerKey key)
    {
        if (!_listeners.Remove(key, out var owned))
        {
            return;
        }

        owned.Listener.Dispose();
        if (!_settings.NodeAddresses.Contains(key.Address.Address))
        {
            Release(key.Address.Address);
        }
    }

    /// <summary>Adds the address to the Service interface for one more listener; the task completes when it is there.</summary>
    private Task Acquire(IPAddress address)
    {
        var users = _addressUsers.GetValueOrDefault(address);
        _addressUsers[address] = users + 1;
        if (users == 0)
        {
            // Adds and removes of one address run in order, each after the one before.
            var previous = _addressWork.GetValueOrDefault(address) ?? Task.CompletedTask;
            _addressWork[address] = previous.ContinueWith(_ => _interface.AddAsync(address), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }

        return _addressWork[address];
    }

    private void Release(IPAddress address)
    {
        var users = _addressUsers.GetValueOrDefault(address) - 1;
        if (users > 0)
        {
            _addressUsers[address] = users;
            return;
        }

        _addressUsers.Remove(address);
        var previous = _addressWork.GetValueOrDefault(address) ?? Task.CompletedTask;
        var log = _log;
        _addressWork[address] = previous
            .ContinueWith(_ => _interface.RemoveAsync(address), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default)
            .Unwrap()
            .ContinueWith(
                t =>
                {
                    if (t.IsFaulted)
                    {
                        log.Warning("proxy: cannot remove {0} from the Service address interface: {1}", address, t.Exception?.GetBaseException().Message);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default);
    }

    private static ListenerStatus Status(Owned owned) => new(
        owned.Listener.Key.Protocol,
        owned.Listener.Key.Address.Address.ToString(),
        owned.Listener.Key.Address.Port,
        owned.Service,
        owned.Listener.IsServing,
        owned.Listener.Snapshot.Endpoints.Count);

    private sealed record Owned(string Service, IServiceListener Listener);
}
