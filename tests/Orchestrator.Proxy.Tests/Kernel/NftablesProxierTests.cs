using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Akka.Event;
using Orchestrator.Kubelet.Tests.TestSupport;
using Orchestrator.Proxy.Endpoints;
using Orchestrator.Proxy.Forwarding;
using Orchestrator.Proxy.Kernel;
using Orchestrator.Proxy.Tests.TestSupport;
using Xunit;

namespace Orchestrator.Proxy.Tests.Kernel;

/// <summary>
/// The nftables mode against this machine's kernel (the tests run as root): Service addresses on loopback, as node
/// ports are, forwarding to real servers on loopback, through a table of the test's own.
/// </summary>
public sealed class NftablesProxierTests : IAsyncLifetime
{
    private readonly string _table = $"{NftablesProxier.TablePrefix}test-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}";
    private readonly ListenerKey _service = new("TCP", new IPEndPoint(IPAddress.Loopback, TestGateway.FreePort()));
    private readonly List<NamedServer> _servers = [];
    private NftablesProxier _proxier = null!;

    public async Task InitializeAsync() => _proxier = await NftablesProxier.StartAsync(_table, NoLogger.Instance);

    public async Task DisposeAsync()
    {
        _proxier.Dispose();
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Connections_are_forwarded_round_robin_and_follow_endpoint_changes()
    {
        var a = Server("a");
        var b = Server("b");
        var c = Server("c");
        var listener = _proxier.Open(_service);
        listener.Update(new EndpointSnapshot([a.Address, b.Address], null));
        await _proxier.WrittenAsync();
        Assert.True(listener.IsServing);

        var names = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            names.Add(await NamedServer.WhoAsync(_service.Address));
        }

        Assert.Equal(3, names.Count(n => n == "a"));
        Assert.Equal(3, names.Count(n => n == "b"));

        // A connection open before the change keeps its endpoint; new ones go to the new endpoints.
        var (open, first) = await NamedServer.ConnectAsync(_service.Address);
        using (open)
        {
            listener.Update(new EndpointSnapshot([c.Address], null));
            await _proxier.WrittenAsync();
            Assert.Equal("c", await NamedServer.WhoAsync(_service.Address));
            Assert.Equal("ping", await NamedServer.EchoAsync(open, "ping"));
            Assert.Contains(first, new[] { "a", "b" });
        }
    }

    [Fact]
    public async Task Client_ip_affinity_keeps_a_client_on_one_endpoint()
    {
        var a = Server("a");
        var b = Server("b");
        var listener = _proxier.Open(_service);
        listener.Update(new EndpointSnapshot([a.Address, b.Address], TimeSpan.FromSeconds(60)));
        await _proxier.WrittenAsync();

        var first = await NamedServer.WhoAsync(_service.Address);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(first, await NamedServer.WhoAsync(_service.Address));
        }
    }

    [Fact]
    public async Task Without_endpoints_a_connect_is_refused_even_where_a_host_socket_listens()
    {
        // Something on the host listens on the Service's address: a connect still never reaches it.
        using var squatter = new TcpListener(_service.Address);
        squatter.Start();
        var listener = _proxier.Open(_service);
        listener.Update(EndpointSnapshot.Empty);
        await _proxier.WrittenAsync();

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(_service.Address));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.False(listener.IsServing);

        // Disposed, the listener's rules are gone and the host socket is reached again.
        listener.Dispose();
        await _proxier.WrittenAsync();
        using var reached = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await reached.ConnectAsync(_service.Address);
    }

    [Fact]
    public async Task Udp_datagrams_are_forwarded_and_a_flow_moves_when_its_endpoint_goes()
    {
        var a = Server("a");
        var b = Server("b");
        var service = new ListenerKey("UDP", _service.Address);
        var listener = _proxier.Open(service);
        listener.Update(new EndpointSnapshot([a.Address], null));
        await _proxier.WrittenAsync();

        // One client socket: one conntrack flow, which stays on its endpoint until that endpoint is removed.
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Connect(service.Address);
        Assert.Equal("a", await AskAsync(client));

        listener.Update(new EndpointSnapshot([b.Address], null));
        await _proxier.WrittenAsync();
        Assert.Equal("b", await AskAsync(client));
    }

    [Fact]
    public async Task A_starting_proxier_deletes_the_tables_of_dead_proxies_and_leaves_live_ones()
    {
        using var exited = Process.Start(new ProcessStartInfo("true"))!;
        await exited.WaitForExitAsync();
        var dead = $"{NftablesProxier.TablePrefix}test-dead-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}";
        await NftAsync($"add table ip {dead} {{ comment \"orchestrator service proxy pid={exited.Id.ToString(CultureInfo.InvariantCulture)} start=1\"; }}\n");

        using var second = await NftablesProxier.StartAsync(_table + "-2", NoLogger.Instance);

        var tables = await TablesAsync();
        Assert.DoesNotContain(dead, tables, StringComparison.Ordinal);
        Assert.Contains(_table + "\n", tables, StringComparison.Ordinal);
        Assert.Contains(_table + "-2", tables, StringComparison.Ordinal);

        second.Dispose();
        Assert.DoesNotContain(_table + "-2", await TablesAsync(), StringComparison.Ordinal);
    }

    private NamedServer Server(string name)
    {
        var server = new NamedServer(name, new IPEndPoint(IPAddress.Loopback, TestGateway.FreePort()));
        _servers.Add(server);
        return server;
    }

    private static async Task<string> AskAsync(Socket client)
    {
        await client.SendAsync("who?"u8.ToArray(), SocketFlags.None);
        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var read = await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return System.Text.Encoding.ASCII.GetString(buffer, 0, read).Trim();
    }

    private static async Task NftAsync(string script)
    {
        var (code, _, stderr) = await HostTool.NftAsync(["-f", "-"], script);
        Assert.True(code == 0, stderr);
    }

    private static async Task<string> TablesAsync() => (await HostTool.NftAsync(["list", "tables", "ip"])).Stdout;
}
