using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// The service proxy outside <c>orchestrator up</c>'s process, as on every other node: a real
/// <c>orchestrator kubelet</c> process with its kubelet off and its proxy on (nftables mode) serves a Service whose
/// EndpointSlice names a server this test runs on loopback, and takes its rules with it when it stops.
/// </summary>
public sealed class NodeProxyTests : IAsyncLifetime
{
    private const string Node = "it-node-proxy";
    private const string Table = "orchestrator-proxy-it-node";
    private ClusterProcess? _cluster;
    private KubeletProcess? _agent;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_node_agent_running_only_the_proxy_serves_a_service_and_removes_its_rules_when_it_stops()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var serverPort = ((IPEndPoint)server.LocalEndpoint).Port;
        var serving = ServeAsync(server);

        // A Service range of its own: ServiceProxyTests' cluster may run beside this one with its own `kubernetes`
        // Service at 100.96.0.1, and the same address in two clusters is served by one of them.
        _cluster = await ClusterProcess.StartAsync("orchestrator.api.service-cluster-ip-range = \"100.97.0.0/16\"");
        _agent = await KubeletProcess.StartAsync(_cluster.AdminConf, Node, $"""
            orchestrator.kubelet.enabled = off
            orchestrator.proxy.enabled = on
            orchestrator.proxy.mode = nftables
            orchestrator.proxy.nftables-table = {Table}
            """);
        var kubectl = new Kubectl(Kubectl.V132, _cluster.AdminConf);
        var manifest = Path.Combine(_cluster.DataDir, "echo.yaml");
        await File.WriteAllTextAsync(manifest, $$"""
            apiVersion: v1
            kind: Service
            metadata: {name: hello}
            spec:
              ports: [{name: http, port: 18081, protocol: TCP}]
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: hello-1
              labels: {kubernetes.io/service-name: hello}
            addressType: IPv4
            ports: [{name: http, port: {{serverPort}}, protocol: TCP}]
            endpoints:
            - addresses: ["127.0.0.1"]
              conditions: {ready: true}
            """);
        await kubectl.OkAsync("apply", "-f", manifest);
        var clusterIp = IPAddress.Parse(await kubectl.OkAsync("get", "service", "hello", "-o", "jsonpath={.spec.clusterIP}"));
        Assert.StartsWith("100.97.", clusterIp.ToString(), StringComparison.Ordinal);

        var answer = "";
        for (var attempt = 0; answer.Length == 0; attempt++)
        {
            Assert.True(attempt < 100 && !_agent.HasExited, "the Service was not served:\n" + _agent.Output);
            answer = await TryHelloAsync(new IPEndPoint(clusterIp, 18081));
            if (answer.Length == 0)
            {
                await Task.Delay(200);
            }
        }

        Assert.Equal("hello", answer);
        Assert.Contains("in nftables", _agent.Output, StringComparison.Ordinal);
        Assert.Contains(Table, await HostNftables.TablesAsync(), StringComparison.Ordinal);

        await _agent.DisposeAsync();
        _agent = null;
        Assert.DoesNotContain(Table, await HostNftables.TablesAsync(), StringComparison.Ordinal);
        server.Stop();
        await serving;
    }

    private static async Task ServeAsync(TcpListener server)
    {
        try
        {
            while (true)
            {
                using var client = await server.AcceptSocketAsync();
                await client.SendAsync(Encoding.ASCII.GetBytes("hello\n"), SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private static async Task<string> TryHelloAsync(IPEndPoint address)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await socket.ConnectAsync(address, timeout.Token);
            var buffer = new byte[16];
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).Trim();
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return "";
        }
    }
}
