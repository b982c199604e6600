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
        // The process runtime copies output into the log every poll interval (100 ms): the line may trail Ready a little.
        var logs = "";
        for (var attempt = 0; attempt < 50 && (logs = (await kubectl.OkAsync("logs", "x")).Trim()).Length == 0; attempt++)
        {
            await Task.Delay(200);
        }

        Assert.Equal("hi", logs);
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

    [Fact]
    public async Task After_a_kill_9_of_up_the_restarted_kubelet_adopts_its_running_pods_and_starts_no_duplicates()
    {
        var kubectl = await StartAsync("docker");
        await kubectl.OkAsync("create", "deployment", "keep", "--image=busybox:local", "--replicas=2", "--", "sleep", "3600");
        await kubectl.OkAsync("rollout", "status", "deployment/keep", "--timeout=120s");
        var containers = await ContainerIdsAsync(kubectl, "app=keep");
        var onEngine = await Docker("ps", "-q", "--filter", "label=orchestrator.io/node=it-node");

        // The containers belong to the engine, not to the killed process: they keep running.
        await _cluster!.CrashAndRestartAsync();
        await kubectl.OkAsync("wait", "node/it-node", "--for=condition=Ready", "--timeout=120s");
        await kubectl.OkAsync("rollout", "status", "deployment/keep", "--timeout=120s");
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(containers, await ContainerIdsAsync(kubectl, "app=keep"));
        Assert.Equal(onEngine.Split('\n').Order(), (await Docker("ps", "-q", "--filter", "label=orchestrator.io/node=it-node")).Split('\n').Order());
        Assert.Equal("0 0", await kubectl.OkAsync("get", "pods", "-l", "app=keep", "-o", "jsonpath={.items[*].status.containerStatuses[0].restartCount}"));
    }

    [Fact]
    public async Task A_container_killed_from_outside_is_restarted_and_a_pod_that_traps_sigterm_ends_at_once_on_delete()
    {
        var kubectl = await StartAsync("docker");
        await kubectl.OkAsync("run", "trap", "--image=busybox:local", "--", "sh", "-c", "trap 'echo bye; exit 0' TERM; while true; do sleep 0.1; done");
        await kubectl.OkAsync("wait", "pod/trap", "--for=condition=Ready", "--timeout=120s");

        var id = (await ContainerIdsAsync(kubectl, "run=trap")).Single();
        await Docker("kill", id["docker://".Length..]);
        await kubectl.OkAsync("wait", "pod/trap", "--for=jsonpath={.status.containerStatuses[0].restartCount}=1", "--timeout=60s");
        await kubectl.OkAsync("wait", "pod/trap", "--for=condition=Ready", "--timeout=60s");
        Assert.Equal("Error", await kubectl.OkAsync("get", "pod", "trap", "-o", "jsonpath={.status.containerStatuses[0].lastState.terminated.reason}"));

        // SIGTERM reaches the process, which exits: the pod is gone long before its 30 s grace period.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await kubectl.OkAsync("delete", "pod", "trap", "--timeout=60s");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the delete took {clock.Elapsed}");
    }

    private static async Task<string[]> ContainerIdsAsync(Kubectl kubectl, string selector) =>
        [.. (await kubectl.OkAsync("get", "pods", "-l", selector, "-o", "jsonpath={.items[*].status.containerStatuses[0].containerID}"))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];

    private static async Task<string> Docker(params string[] args)
    {
        var host = Environment.GetEnvironmentVariable("ORCHESTRATOR_DOCKER_HOST") is { Length: > 0 } h ? h : "unix:///var/run/orchestrator-docker/docker.sock";
        var start = new System.Diagnostics.ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["-H", host, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"docker {string.Join(' ', args)}: {stderr}");
        return stdout.Trim();
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
