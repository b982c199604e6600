using System.Net.Http;
using Xunit;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// The README's tour on a real node: <c>orchestrator up</c> runs a kubelet beside the control plane, and pods run
/// as real containers — on the private Docker engine scripts/setup.sh starts, and on the process runtime — each in
/// its own network namespace with an address from the node's podCIDR, set up by the real CNI plugins.
/// </summary>
public sealed class WorkerNodeTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private ClusterProcess? _cluster;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("process")]
    public async Task Kubectl_run_reaches_running_with_its_output_in_kubectl_logs_and_exec_works(string runtime)
    {
        var kubectl = await StartAsync(runtime);

        await kubectl.OkAsync("run", "x", "--image=busybox:local", "--", "sh", "-c", "echo hi; sleep 60");
        await kubectl.OkAsync("wait", "pod/x", "--for=condition=Ready", "--timeout=120s");
        Assert.Equal("hi", (await kubectl.OkAsync("logs", "x")).Trim());
        Assert.StartsWith("100.64.", await kubectl.OkAsync("get", "pod", "x", "-o", "jsonpath={.status.podIP}"), StringComparison.Ordinal);
        Assert.Contains($"{runtime}://", await kubectl.OkAsync("get", "pod", "x", "-o", "jsonpath={.status.containerStatuses[0].containerID}"), StringComparison.Ordinal);

        var exec = await kubectl.RunAsync("exec", "x", "--", "sh", "-c", "echo from-exec; exit 3");
        Assert.Equal((3, "from-exec"), (exec.ExitCode, exec.Stdout.Trim()));

        // A graceful delete ends with the pod gone from the API.
        await kubectl.OkAsync("delete", "pod", "x", "--grace-period=1", "--timeout=60s");
        Assert.Contains("NotFound", (await kubectl.RunAsync("get", "pod", "x")).Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Three_replicas_each_listening_on_0_0_0_0_8080_are_ready_and_answer_on_their_own_pod_ips()
    {
        var kubectl = await StartAsync("docker");
        await kubectl.OkAsync("create", "deployment", "web", "--image=busybox:local", "--replicas=3", "--port=8080", "--", "httpd", "-f", "-p", "8080", "-h", "/etc");
        await kubectl.OkAsync("rollout", "status", "deployment/web", "--timeout=120s");

        var ips = (await kubectl.OkAsync("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].status.podIP}")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, ips.Distinct().Count());
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var ip in ips)
        {
            // From the node, through the pod network's bridge, to each pod's own namespace.
            var passwd = await http.GetStringAsync(new Uri($"http://{ip}:8080/passwd"));
            Assert.Contains("root:", passwd, StringComparison.Ordinal);
        }
    }

    private async Task<Kubectl> StartAsync(string runtime)
    {
        _cluster = await ClusterProcess.StartAsync($"""
            orchestrator.kubelet.enabled = on
            orchestrator.kubelet.runtime = {runtime}
            orchestrator.kubelet.node-name = it-node
            orchestrator.kubelet.port = {ClusterProcess.FreePort()}
            orchestrator.kubelet.shutdown-grace-period = 4s
            orchestrator.kubelet.shutdown-grace-period-critical-pods = 1s
            """);
        var kubectl = new Kubectl(Kubectl.V132, _cluster.AdminConf);
        await kubectl.OkAsync("wait", "node/it-node", "--for=condition=Ready", $"--timeout={(int)Timeout.TotalSeconds}s");
        return kubectl;
    }
}
