using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Orchestrator.Client;
using Orchestrator.Client.Informers;
using Orchestrator.Proxy.Addresses;
using Orchestrator.Kubelet.Tests.TestSupport;
using Orchestrator.Proxy.Tests.TestSupport;
using Xunit;

namespace Orchestrator.Proxy.Tests;

/// <summary>
/// The proxy against a real gateway, with real sockets on both sides: Services and EndpointSlices are written
/// through the API (as the endpoint-slice controller would write them), endpoints are real servers on loopback
/// addresses, and clients connect to the ClusterIP, node port and load-balancer address.
/// </summary>
public sealed class ProxyActorTests : TestKit, IAsyncLifetime
{
    private const string Config = """
        akka.actor.serialize-messages = on
        akka.loglevel = INFO
        """;

    // ClusterIPs from a loopback range of the tests' own: it needs no interface and meets no running cluster's.
    private const string ServiceRange = "127.97.0.0/16";

    private readonly int _port = TestGateway.FreePort();
    private readonly List<NamedServer> _servers = [];
    private TestGateway _gateway = null!;
    private IActorRef _proxy = ActorRefs.Nobody;

    public ProxyActorTests()
        : base(Config)
    {
    }

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync(serviceClusterIpRange: ServiceRange);
        foreach (var i in new[] { 1, 2, 3 })
        {
            _servers.Add(new NamedServer("pod-" + i, new IPEndPoint(IPAddress.Parse("127.0.1." + i), _port)));
        }

        var settings = new ProxySettings
        {
            NodeName = "node-a",
            NodeAddresses = [IPAddress.Loopback],
            BindRetryInterval = TimeSpan.FromMilliseconds(200),
            EndpointRetryAfter = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(2),
        };
        _proxy = Sys.ActorOf(ProxyActor.Props(_gateway.Client, settings, new InformerSettings(), new ServiceAddressInterface("orch-svctest2")), "proxy");
    }

    public async Task DisposeAsync()
    {
        await _proxy.GracefulStop(TimeSpan.FromSeconds(5));
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task ForwardsRoundRobinToReadyEndpointsSkipsARefusingOneAndRefusesWithNone()
    {
        var service = await CreateServiceAsync("web", """{"type":"NodePort","ports":[{"name":"http","port":80,"targetPort":8080}]}""");
        var clusterIp = new IPEndPoint(IPAddress.Parse(service["spec"]!["clusterIP"]!.GetValue<string>()), 80);
        var nodePort = new IPEndPoint(IPAddress.Loopback, service["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>());
        // 127.0.1.4 has nothing listening: it refuses, and the connection goes on to the next endpoint.
        await WriteSliceAsync("web", ["127.0.1.1", "127.0.1.2", "127.0.1.3", "127.0.1.4"]);
        await AwaitListenerAsync(clusterIp, bound: true, endpoints: 4);

        var names = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            names.Add(await NamedServer.WhoAsync(clusterIp));
        }

        Assert.Equal(["pod-1", "pod-2", "pod-3"], names.Distinct().Order(StringComparer.Ordinal));
        // Round-robin: the endpoint after the refusing one takes its turns too, and none starves.
        Assert.All(names.CountBy(n => n), c => Assert.InRange(c.Value, 5, 16));

        // The node port serves the same endpoints.
        await AwaitListenerAsync(nodePort, bound: true, endpoints: 4);
        Assert.Equal(["pod-1", "pod-2", "pod-3"], (await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => NamedServer.WhoAsync(nodePort)))).Distinct().Order(StringComparer.Ordinal));

        // A connection in flight survives its endpoint leaving the slice; new ones no longer reach it.
        var (open, reached) = await NamedServer.ConnectAsync(clusterIp);
        using (open)
        {
            await WriteSliceAsync("web", [.. new[] { "127.0.1.1", "127.0.1.2", "127.0.1.3" }.Where(ip => !ip.EndsWith(reached[^1..], StringComparison.Ordinal))]);
            await AwaitListenerAsync(clusterIp, bound: true, endpoints: 2);
            Assert.Equal("still here", await NamedServer.EchoAsync(open, "still here"));
            Assert.DoesNotContain(reached, await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => NamedServer.WhoAsync(clusterIp))));
        }

        // No ready endpoint: connections are refused at once, as kube-proxy's REJECT makes them.
        await WriteSliceAsync("web", ["127.0.1.1"], ready: false);
        await AwaitListenerAsync(clusterIp, bound: false, endpoints: 0);
        using var refused = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<SocketException>(async () => await refused.ConnectAsync(clusterIp));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"refused after {clock.Elapsed}");

        // Ready again: served again. Then the Service goes, and its listeners with it.
        await WriteSliceAsync("web", ["127.0.1.2"]);
        await AwaitListenerAsync(clusterIp, bound: true, endpoints: 1);
        Assert.Equal("pod-2", await NamedServer.WhoAsync(clusterIp));
        await _gateway.Client.DeleteAsync(ResourceRef.Services, "default", "web");
        await AwaitAssertAsync(async () => Assert.DoesNotContain((await ListenersAsync()).Listeners, l => l.Service == "default/web"), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ServesTheLoadBalancerAddressUdpAndClientIpAffinity()
    {
        await CreateServiceAsync("lb", """
            {"type":"LoadBalancer","sessionAffinity":"ClientIP",
             "ports":[{"name":"http","port":8081,"targetPort":8080},{"name":"dns","port":8053,"protocol":"UDP","targetPort":8080}]}
            """);
        await WriteSliceAsync("lb", ["127.0.1.1", "127.0.1.2", "127.0.1.3"], udp: true);
        // The cloud controller manager's local provider writes this; here the test plays that part through the
        // status subresource, with a loopback address as the local provider's pool hands out.
        var ingress = IPAddress.Parse("127.240.0.5");
        await _gateway.Client.PatchAsync(
            ResourceRef.Services, "default", "lb", PatchType.Merge,
            new JsonObject { ["status"] = new JsonObject { ["loadBalancer"] = new JsonObject { ["ingress"] = new JsonArray(new JsonObject { ["ip"] = ingress.ToString() }) } } }, "status");
        var balancer = new IPEndPoint(ingress, 8081);
        await AwaitListenerAsync(balancer, bound: true, endpoints: 3);

        // Every connection of this client sticks to one endpoint.
        var names = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => NamedServer.WhoAsync(balancer)));
        Assert.Single(names.Distinct());

        // UDP through the ClusterIP: the datagram reaches an endpoint and its answer comes back from the Service address.
        var service = await _gateway.Client.GetAsync(ResourceRef.Services, "default", "lb");
        var dns = new IPEndPoint(IPAddress.Parse(service["spec"]!["clusterIP"]!.GetValue<string>()), 8053);
        await AwaitListenerAsync(dns, bound: true, endpoints: 3, protocol: "UDP");
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Connect(dns);
        await udp.SendAsync(Encoding.ASCII.GetBytes("who?"), SocketFlags.None);
        var buffer = new byte[64];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var read = await udp.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        Assert.StartsWith("pod-", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAddressInUseIsRetriedUntilItIsFree()
    {
        // Another cluster on this machine holding the same ClusterIP and port: the listener waits, never crashes.
        var taken = new IPEndPoint(IPAddress.Parse("127.97.200.7"), 8082);
        var other = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        other.Bind(taken);
        other.Listen();
        await CreateServiceAsync("busy", """{"clusterIP":"127.97.200.7","ports":[{"name":"http","port":8082,"targetPort":8080}]}""");
        await WriteSliceAsync("busy", ["127.0.1.3"]);
        await AwaitListenerAsync(taken, bound: false, endpoints: 1);
        await Task.Delay(600);
        await AwaitListenerAsync(taken, bound: false, endpoints: 1);

        other.Dispose();
        await AwaitListenerAsync(taken, bound: true, endpoints: 1);
        Assert.Equal("pod-3", await NamedServer.WhoAsync(taken));
    }

    [Fact]
    public async Task LeavesHeadlessServicesAndThoseOfAnotherProxyAlone()
    {
        await CreateServiceAsync("headless", """{"clusterIP":"None","ports":[{"name":"http","port":80}]}""");
        var dns = await CreateServiceAsync("dns", """{"ports":[{"name":"http","port":80}]}""", """{"service.kubernetes.io/service-proxy-name":"orchestrator-dns"}""");
        await WriteSliceAsync("headless", ["127.0.1.1"]);
        await WriteSliceAsync("dns", ["127.0.1.1"]);
        var plain = await CreateServiceAsync("plain", """{"ports":[{"name":"http","port":80}]}""");
        await WriteSliceAsync("plain", ["127.0.1.1"]);
        var plainAddress = new IPEndPoint(IPAddress.Parse(plain["spec"]!["clusterIP"]!.GetValue<string>()), 80);

        // Once the later Service is served, the earlier ones would have been too.
        await AwaitListenerAsync(plainAddress, bound: true, endpoints: 1);
        var listeners = (await ListenersAsync()).Listeners;
        Assert.DoesNotContain(listeners, l => l.Service is "default/headless" or "default/dns");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var error = await Assert.ThrowsAsync<SocketException>(async () => await socket.ConnectAsync(IPAddress.Parse(dns["spec"]!["clusterIP"]!.GetValue<string>()), 80));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }

    private async Task<JsonObject> CreateServiceAsync(string name, string spec, string labels = "{}") =>
        await _gateway.Client.CreateAsync(ResourceRef.Services, JsonNode.Parse($$"""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"{{name}}","namespace":"default","labels":{{labels}}},"spec":{{spec}}}
            """)!.AsObject());

    /// <summary>Writes the Service's one EndpointSlice, as the endpoint-slice controller would.</summary>
    private async Task WriteSliceAsync(string service, IReadOnlyList<string> addresses, bool ready = true, bool udp = false)
    {
        var endpoints = new JsonArray([.. addresses.Select(a => (JsonNode)new JsonObject
        {
            ["addresses"] = new JsonArray(a),
            ["conditions"] = new JsonObject { ["ready"] = ready },
            ["nodeName"] = "node-a",
        })]);
        var ports = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = _port, ["protocol"] = "TCP" });
        if (udp)
        {
            ports.Add(new JsonObject { ["name"] = "dns", ["port"] = _port, ["protocol"] = "UDP" });
        }

        var slice = new JsonObject
        {
            ["apiVersion"] = "discovery.k8s.io/v1",
            ["kind"] = "EndpointSlice",
            ["metadata"] = new JsonObject { ["name"] = service + "-1", ["namespace"] = "default", ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = service } },
            ["addressType"] = "IPv4",
            ["endpoints"] = endpoints,
            ["ports"] = ports,
        };
        try
        {
            var current = await _gateway.Client.GetAsync(ResourceRef.EndpointSlices, "default", service + "-1");
            slice["metadata"]!["resourceVersion"] = current["metadata"]!["resourceVersion"]!.GetValue<string>();
            await _gateway.Client.UpdateAsync(ResourceRef.EndpointSlices, slice);
        }
        catch (KubeApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            await _gateway.Client.CreateAsync(ResourceRef.EndpointSlices, slice);
        }
    }

    private async Task<ProxyListeners> ListenersAsync() => await _proxy.Ask<ProxyListeners>(GetProxyListeners.Instance, TimeSpan.FromSeconds(5));

    private async Task AwaitListenerAsync(IPEndPoint address, bool bound, int endpoints, string protocol = "TCP") =>
        await AwaitAssertAsync(
            async () =>
            {
                var listener = Assert.Single((await ListenersAsync()).Listeners, l => l.Protocol == protocol && l.Address == address.Address.ToString() && l.Port == address.Port);
                Assert.Equal((bound, endpoints), (listener.Bound, listener.Endpoints));
            },
            TimeSpan.FromSeconds(15),
            TimeSpan.FromMilliseconds(50));
}
