using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Kubelet.Pods.Probes;
using Orchestrator.Kubelet.Runtime;
using Xunit;

namespace Orchestrator.Kubelet.Tests.Pods;

/// <summary>Probe and hook handlers against real loopback sockets (httpGet, tcpSocket) and the fake runtime's exec.</summary>
public sealed class HandlerRunnerTests : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly FakeContainerRuntime _runtime = new();
    private readonly HandlerRunner _runner;
    private volatile int _status = 200;
    private volatile string _lastRequest = "";

    public HandlerRunnerTests()
    {
        _runner = new HandlerRunner(_runtime);
        _listener.Start();
        _ = ServeAsync();
    }

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private static readonly JsonObject Container = JsonNode.Parse("""{"name":"app","ports":[{"name":"http","containerPort":1}]}""")!.AsObject();

    [Fact]
    public async Task HttpGet_succeeds_from_200_to_399_and_sends_the_path_and_headers()
    {
        var handler = JsonNode.Parse($$$"""{"httpGet":{"path":"/healthz","port":{{{Port}}},"httpHeaders":[{"name":"X-Probe","value":"yes"}]}}""")!.AsObject();

        Assert.True((await RunAsync(handler)).Success);
        Assert.StartsWith("GET /healthz HTTP/1.1", _lastRequest, StringComparison.Ordinal);
        Assert.Contains("X-Probe: yes", _lastRequest, StringComparison.Ordinal);
        Assert.Contains("User-Agent: kube-probe/", _lastRequest, StringComparison.Ordinal);

        _status = 302;
        Assert.True((await RunAsync(handler)).Success);
        _status = 503;
        var failed = await RunAsync(handler);
        Assert.False(failed.Success);
        Assert.Contains("503", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TcpSocket_succeeds_when_the_port_accepts_and_fails_when_nothing_listens()
    {
        Assert.True((await RunAsync(JsonNode.Parse($$$"""{"tcpSocket":{"port":{{{Port}}}}}""")!.AsObject())).Success);

        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var closedPort = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        Assert.False((await RunAsync(JsonNode.Parse($$$"""{"tcpSocket":{"port":{{{closedPort}}}}}""")!.AsObject())).Success);
    }

    [Fact]
    public async Task Exec_succeeds_on_exit_zero_and_reports_the_output_and_timeouts_otherwise()
    {
        _runtime.Exec = (_, command) => command[0] switch
        {
            "ok" => new ExecSyncResult(0, [], [], false),
            "slow" => new ExecSyncResult(-1, [], [], true),
            _ => new ExecSyncResult(3, Encoding.UTF8.GetBytes("broken"), [], false),
        };

        Assert.True((await RunAsync(JsonNode.Parse("""{"exec":{"command":["ok"]}}""")!.AsObject())).Success);
        var failed = await RunAsync(JsonNode.Parse("""{"exec":{"command":["bad"]}}""")!.AsObject());
        Assert.False(failed.Success);
        Assert.Contains("broken", failed.Message, StringComparison.Ordinal);
        Assert.Contains("timed out", (await RunAsync(JsonNode.Parse("""{"exec":{"command":["slow"]}}""")!.AsObject())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Named_ports_resolve_to_the_containers_port()
    {
        Assert.Equal(1, HandlerRunner.ResolvePort(JsonValue.Create("http"), Container));
        Assert.Equal(8080, HandlerRunner.ResolvePort(JsonValue.Create(8080), Container));
        Assert.Throws<ArgumentException>(() => HandlerRunner.ResolvePort(JsonValue.Create("nope"), Container));
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private Task<HandlerResult> RunAsync(JsonObject handler) => _runner.RunAsync(handler, Container, "c1", "127.0.0.1", TimeSpan.FromSeconds(5), CancellationToken.None);

    // A minimal HTTP server: one request per connection, answered with the current status.
    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            using (client)
            {
                var stream = client.GetStream();
                var buffer = new byte[4096];
                var read = 0;
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
                    while (!Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal) && read < buffer.Length)
                    {
                        var n = await stream.ReadAsync(buffer.AsMemory(read), timeout.Token);
                        if (n == 0)
                        {
                            break;
                        }

                        read += n;
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or IOException)
                {
                    continue; // a tcpSocket probe connects and closes
                }

                _lastRequest = Encoding.ASCII.GetString(buffer, 0, read);
                var response = Encoding.ASCII.GetBytes($"HTTP/1.1 {_status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(response);
            }
        }
    }
}
