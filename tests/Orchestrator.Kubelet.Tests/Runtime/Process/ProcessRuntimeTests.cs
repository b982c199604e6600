using System.Diagnostics;
using System.Text;
using Orchestrator.Kubelet.Network;
using Orchestrator.Kubelet.Runtime;
using Orchestrator.Kubelet.Runtime.Process;
using Orchestrator.Kubelet.Tests.Network;
using Orchestrator.Kubelet.Tests.TestSupport;
using Xunit;

namespace Orchestrator.Kubelet.Tests.Runtime.Process;

/// <summary>
/// The process runtime with the real CNI plugins (root): pods in their own network namespaces, containers as
/// supervised processes with CRI logs, stops by signal, exec, and a new runtime object adopting running processes.
/// </summary>
public sealed class ProcessRuntimeTests : IAsyncLifetime
{
    private readonly CniTestNode _node = new("orchtproc0", "100.77.11.0/24");
    private readonly CniPodNetwork _network;
    private readonly ProcessRuntimeSettings _settings;
    private readonly List<ProcessRuntime> _runtimes = [];

    public ProcessRuntimeTests()
    {
        _network = new CniPodNetwork(_node.Settings, _node.PodCidr);
        _settings = new ProcessRuntimeSettings { StateDir = Path.Combine(_node.DataDir, "kubelet", "process-runtime"), PollInterval = TimeSpan.FromMilliseconds(50) };
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        var runtime = NewRuntime();
        foreach (var sandbox in await runtime.ListPodSandboxesAsync(CancellationToken.None))
        {
            await runtime.RemovePodSandboxAsync(sandbox.Id, CancellationToken.None);
        }

        foreach (var each in _runtimes)
        {
            each.Dispose();
        }

        _network.Dispose();
        Assert.Empty(_node.AllocatedAddresses());
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task A_container_runs_to_completion_with_its_logs_and_exit_code()
    {
        var runtime = NewRuntime();
        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = new List<ContainerEvent>();
        var watched = Task.Run(async () =>
        {
            await foreach (var item in runtime.WatchEventsAsync(watching.Token))
            {
                events.Add(item);
                if (events.Count(e => e.Kind == ContainerEventKind.Exited) == 2)
                {
                    return;
                }
            }
        });
        await Task.Delay(100);
        var sandbox = await runtime.RunPodSandboxAsync(Pod("done"), CancellationToken.None);
        var failing = await StartAsync(runtime, sandbox, "fails", ["sh", "-c", "echo hello; echo oops >&2; exit 3"]);
        var ok = await StartAsync(runtime, sandbox, "ok", ["/bin/true"]);

        var failed = await WaitExitedAsync(runtime, failing);
        var completed = await WaitExitedAsync(runtime, ok);
        await watched;

        Assert.Contains(events, e => e.ContainerId == failing && e.Kind == ContainerEventKind.Started);
        Assert.Contains(events, e => e.ContainerId == failing && e.Kind == ContainerEventKind.Exited && e.Labels[RuntimeLabels.ContainerName] == "fails");
        Assert.Contains(events, e => e.ContainerId == ok && e.Kind == ContainerEventKind.Exited);

        Assert.Equal(3, failed.ExitCode);
        Assert.Equal("Error", failed.Reason);
        Assert.Equal(0, completed.ExitCode);
        Assert.Equal("Completed", completed.Reason);
        var lines = await LogsAsync(runtime, failing, new LogOptions());
        Assert.Contains((OutputStream.Stdout, "hello\n"), lines);
        Assert.Contains((OutputStream.Stderr, "oops\n"), lines);
        var file = await File.ReadAllLinesAsync(Path.Combine(_settings.StateDir, "containers", failing, CriLogFile.FileName));
        Assert.Contains(file, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z stdout F hello$"));
    }

    [Fact]
    public async Task Two_pods_serve_port_8080_each_on_its_own_pod_ip()
    {
        var runtime = NewRuntime();
        var ips = new List<string>();
        foreach (var name in new[] { "web-a", "web-b" })
        {
            var sandbox = await runtime.RunPodSandboxAsync(Pod(name), CancellationToken.None);
            var root = Directory.CreateDirectory(Path.Combine(_node.DataDir, name)).FullName;
            await File.WriteAllTextAsync(Path.Combine(root, "index.html"), name);
            await StartAsync(runtime, sandbox, "web", ["httpd", "-f", "-p", "0.0.0.0:8080", "-h", root]);
            ips.Add((await runtime.PodSandboxStatusAsync(sandbox, CancellationToken.None))!.Ip!);
        }

        Assert.NotEqual(ips[0], ips[1]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Assert.Equal("web-a", await GetWithRetryAsync(http, $"http://{ips[0]}:8080/"));
        Assert.Equal("web-b", await GetWithRetryAsync(http, $"http://{ips[1]}:8080/"));
    }

    [Fact]
    public async Task A_process_trapping_SIGTERM_stops_gracefully_and_one_ignoring_it_is_killed_at_the_timeout()
    {
        var runtime = NewRuntime();
        var sandbox = await runtime.RunPodSandboxAsync(Pod("stops"), CancellationToken.None);
        var graceful = await StartAsync(runtime, sandbox, "graceful", ["sh", "-c", "trap 'echo bye; exit 0' TERM; echo ready; while true; do sleep 0.1; done"]);
        var stubborn = await StartAsync(runtime, sandbox, "stubborn", ["sh", "-c", "trap '' TERM; echo ready; while true; do sleep 0.1; done"]);
        await WaitForLogAsync(runtime, graceful, "ready\n");
        await WaitForLogAsync(runtime, stubborn, "ready\n");

        var clock = Stopwatch.StartNew();
        await runtime.StopContainerAsync(graceful, TimeSpan.FromSeconds(20), CancellationToken.None);
        var gracefulTime = clock.Elapsed;
        clock.Restart();
        await runtime.StopContainerAsync(stubborn, TimeSpan.FromSeconds(1), CancellationToken.None);
        var stubbornTime = clock.Elapsed;

        Assert.True(gracefulTime < TimeSpan.FromSeconds(10), gracefulTime.ToString());
        var stopped = (await runtime.ContainerStatusAsync(graceful, CancellationToken.None))!;
        Assert.Equal(ContainerState.Exited, stopped.State);
        Assert.Equal(0, stopped.ExitCode);
        Assert.Contains((OutputStream.Stdout, "bye\n"), await LogsAsync(runtime, graceful, new LogOptions()));
        // Killed at the 1 s timeout (timers may fire a millisecond or so before the stopwatch says 1 s), not at once.
        Assert.True(stubbornTime >= TimeSpan.FromMilliseconds(900) && stubbornTime < TimeSpan.FromSeconds(10), stubbornTime.ToString());
        Assert.Equal(137, (await runtime.ContainerStatusAsync(stubborn, CancellationToken.None))!.ExitCode);
    }

    [Fact]
    public async Task Exec_runs_in_the_pods_namespace_with_the_containers_environment_and_directory()
    {
        var runtime = NewRuntime();
        var sandbox = await runtime.RunPodSandboxAsync(Pod("exec"), CancellationToken.None);
        var ip = (await runtime.PodSandboxStatusAsync(sandbox, CancellationToken.None))!.Ip!;
        var id = await runtime.CreateContainerAsync(sandbox, Container("main", ["sleep", "600"]) with
        {
            Env = [new("GREETING", "hi there")],
            WorkingDir = "/tmp",
        }, Pod("exec"), CancellationToken.None);
        await runtime.StartContainerAsync(id, CancellationToken.None);

        var result = await runtime.ExecSyncAsync(id, ["sh", "-c", "echo $GREETING; pwd; ip -o -4 addr show eth0; exit 4"], TimeSpan.FromSeconds(10), CancellationToken.None);
        var slow = await runtime.ExecSyncAsync(id, ["sleep", "30"], TimeSpan.FromMilliseconds(300), CancellationToken.None);

        var output = Encoding.UTF8.GetString(result.Stdout);
        Assert.Equal(4, result.ExitCode);
        Assert.StartsWith("hi there\n/tmp\n", output, StringComparison.Ordinal);
        Assert.Contains(ip + "/24", output, StringComparison.Ordinal);
        Assert.True(slow.TimedOut);

        await using var session = await runtime.ExecAsync(id, new ExecRequest(["cat"], Stdin: true, Stdout: true, Stderr: true, Tty: false), CancellationToken.None);
        await session.Stdin!.WriteAsync(Encoding.UTF8.GetBytes("echo me\n"));
        await session.Stdin.DisposeAsync();
        var echoed = new StringBuilder();
        while (await session.ReadOutputAsync(CancellationToken.None) is { } chunk)
        {
            echoed.Append(Encoding.UTF8.GetString(chunk.Data.Span));
        }

        Assert.Equal("echo me\n", echoed.ToString());
        Assert.Equal(0, await session.WaitAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_pods_resolver_is_its_etc_resolv_conf_in_its_namespace_and_its_environment_and_explicit_env_wins()
    {
        var runtime = NewRuntime();
        var pod = Pod("dns") with { Dns = new DnsConfig(["100.96.0.10"], ["default.svc.cluster.local", "svc.cluster.local", "cluster.local"], ["ndots:5"]) };
        var sandbox = await runtime.RunPodSandboxAsync(pod, CancellationToken.None);
        var id = await runtime.CreateContainerAsync(sandbox, Container("main", ["sleep", "600"]) with { Env = [new("RES_OPTIONS", "ndots:2")] }, pod, CancellationToken.None);
        await runtime.StartContainerAsync(id, CancellationToken.None);

        var result = await runtime.ExecSyncAsync(id, ["sh", "-c", "cat /etc/resolv.conf; echo \"L=$LOCALDOMAIN\"; echo \"O=$RES_OPTIONS\"; cat \"$ORCHESTRATOR_RESOLV_CONF\""], TimeSpan.FromSeconds(10), CancellationToken.None);
        var output = Encoding.UTF8.GetString(result.Stdout);
        const string ResolvConf = "nameserver 100.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n";
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(ResolvConf + "L=default.svc.cluster.local svc.cluster.local cluster.local\nO=ndots:2\n" + ResolvConf, output);
    }

    [Fact]
    public async Task A_new_runtime_object_adopts_running_processes_and_stops_them()
    {
        var first = NewRuntime();
        var sandbox = await first.RunPodSandboxAsync(Pod("adopt"), CancellationToken.None);
        var ticking = await StartAsync(first, sandbox, "ticker", ["sh", "-c", "while true; do echo tick; sleep 0.1; done"]);
        var brief = await StartAsync(first, sandbox, "brief", ["sh", "-c", "sleep 0.5"]);
        await WaitForLogAsync(first, ticking, "tick\n");
        first.Dispose();
        await Task.Delay(800);

        var second = NewRuntime();
        var adopted = (await second.ContainerStatusAsync(ticking, CancellationToken.None))!;
        var ended = (await second.ContainerStatusAsync(brief, CancellationToken.None))!;
        var before = (await LogsAsync(second, ticking, new LogOptions())).Count;
        await Task.Delay(500);
        var after = (await LogsAsync(second, ticking, new LogOptions())).Count;

        Assert.Equal(ContainerState.Running, adopted.State);
        Assert.Equal(ContainerState.Exited, ended.State);
        Assert.Single(await second.ListPodSandboxesAsync(CancellationToken.None), s => s.Id == sandbox && s.State == SandboxState.Ready);
        Assert.True(after > before, $"{before} then {after} lines");

        await second.StopContainerAsync(ticking, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal(ContainerState.Exited, (await second.ContainerStatusAsync(ticking, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task Logs_follow_tail_since_and_rotate()
    {
        var runtime = NewRuntime(_settings with { LogMaxSize = 1000 });
        var sandbox = await runtime.RunPodSandboxAsync(Pod("logs"), CancellationToken.None);
        var id = await StartAsync(runtime, sandbox, "counter", ["sh", "-c", "i=0; while [ $i -lt 40 ]; do i=$((i+1)); echo line$i; sleep 0.02; done"]);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var followed = new List<string>();
        await foreach (var line in runtime.ReadLogsAsync(id, new LogOptions { Follow = true }, deadline.Token))
        {
            followed.Add(Encoding.UTF8.GetString(line.Data.Span));
        }

        var tail = await LogsAsync(runtime, id, new LogOptions { TailLines = 3 });
        var future = await LogsAsync(runtime, id, new LogOptions { Since = DateTimeOffset.UtcNow.AddMinutes(1) });

        Assert.Equal("line40\n", followed[^1]);
        Assert.Equal(["line38\n", "line39\n", "line40\n"], tail.Select(l => l.Text));
        Assert.Empty(future);
        var directory = Path.Combine(_settings.StateDir, "containers", id);
        Assert.True(File.Exists(Path.Combine(directory, CriLogFile.FileName + ".1")));
        Assert.True(new FileInfo(Path.Combine(directory, CriLogFile.FileName)).Length <= 1000);
    }

    [Fact]
    public async Task Only_the_local_images_exist_and_host_runs_the_machines_binaries()
    {
        var runtime = NewRuntime();

        await Assert.ThrowsAsync<ImagePullException>(() => runtime.PullImageAsync("nginx:1.27", CancellationToken.None));
        Assert.Null(await runtime.ImageStatusAsync("nginx:1.27", CancellationToken.None));
        Assert.NotNull(await runtime.PullImageAsync("busybox:local", CancellationToken.None));
        var sandbox = await runtime.RunPodSandboxAsync(Pod("host"), CancellationToken.None);
        await Assert.ThrowsAsync<ImagePullException>(() => runtime.CreateContainerAsync(sandbox, Container("x", ["true"]) with { Image = "nginx" }, Pod("host"), CancellationToken.None));
        var id = await runtime.CreateContainerAsync(sandbox, Container("host", ["/usr/bin/env"]) with { Image = "host", Env = [new("ONLY", "this")] }, Pod("host"), CancellationToken.None);
        await runtime.StartContainerAsync(id, CancellationToken.None);
        await WaitExitedAsync(runtime, id);

        var lines = (await LogsAsync(runtime, id, new LogOptions())).Select(l => l.Text).ToList();
        Assert.Contains("ONLY=this\n", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("DOTNET_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Removing_a_sandbox_frees_its_address_namespace_and_processes()
    {
        var runtime = NewRuntime();
        var sandbox = await runtime.RunPodSandboxAsync(Pod("gone"), CancellationToken.None);
        var id = await StartAsync(runtime, sandbox, "sleeper", ["sleep", "600"]);
        var netns = (await HostCommand.NetnsAsync()).Where(n => n.StartsWith("orch-", StringComparison.Ordinal)).ToList();
        Assert.Contains($"orch-{sandbox[..12]}", netns);

        await runtime.RemovePodSandboxAsync(sandbox, CancellationToken.None);

        Assert.DoesNotContain($"orch-{sandbox[..12]}", await HostCommand.NetnsAsync());
        Assert.Empty(_node.AllocatedAddresses());
        Assert.Null(await runtime.ContainerStatusAsync(id, CancellationToken.None));
        Assert.Empty(await runtime.ListPodSandboxesAsync(CancellationToken.None));
        Assert.Empty(await HostCommand.BridgePortsAsync(_node.Bridge));
    }

    [Fact]
    public async Task Host_network_pods_and_the_fallback_network_run_without_a_namespace()
    {
        var fallback = new HostPodNetwork(Orchestrator.Kubelet.Hollow.Ipv4Cidr.Parse("127.100.0.0/16"));
        var settings = _settings with { StateDir = Path.Combine(_node.DataDir, "fallback-runtime"), NodeIp = "127.0.0.1" };
        var runtime = new ProcessRuntime(settings, fallback);
        _runtimes.Add(runtime);
        var namespacesBefore = await HostCommand.NetnsAsync();
        try
        {
            var a = await runtime.RunPodSandboxAsync(Pod("fb-a"), CancellationToken.None);
            var b = await runtime.RunPodSandboxAsync(Pod("fb-b"), CancellationToken.None);
            var host = await runtime.RunPodSandboxAsync(Pod("fb-host") with { HostNetwork = true }, CancellationToken.None);
            var ipA = (await runtime.PodSandboxStatusAsync(a, CancellationToken.None))!.Ip!;
            var ipB = (await runtime.PodSandboxStatusAsync(b, CancellationToken.None))!.Ip!;

            Assert.StartsWith("127.100.", ipA, StringComparison.Ordinal);
            Assert.NotEqual(ipA, ipB);
            Assert.Equal("127.0.0.1", (await runtime.PodSandboxStatusAsync(host, CancellationToken.None))!.Ip);
            Assert.Equal(namespacesBefore, await HostCommand.NetnsAsync());
            Assert.Equal(2, fallback.InUse);

            // Each pod serves the same port on its own loopback address.
            foreach (var (sandbox, ip) in new[] { (a, ipA), (b, ipB) })
            {
                var root = Directory.CreateDirectory(Path.Combine(_node.DataDir, "fb-" + ip)).FullName;
                await File.WriteAllTextAsync(Path.Combine(root, "index.html"), ip);
                await StartAsync(runtime, sandbox, "web", ["httpd", "-f", "-p", $"{ip}:18432", "-h", root]);
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            Assert.Equal(ipA, await GetWithRetryAsync(http, $"http://{ipA}:18432/"));
            Assert.Equal(ipB, await GetWithRetryAsync(http, $"http://{ipB}:18432/"));
        }
        finally
        {
            foreach (var sandbox in await runtime.ListPodSandboxesAsync(CancellationToken.None))
            {
                await runtime.RemovePodSandboxAsync(sandbox.Id, CancellationToken.None);
            }
        }

        Assert.Equal(0, fallback.InUse);
    }

    private ProcessRuntime NewRuntime(ProcessRuntimeSettings? settings = null)
    {
        var runtime = new ProcessRuntime(settings ?? _settings, _network);
        _runtimes.Add(runtime);
        return runtime;
    }

    private PodSandboxConfig Pod(string name) => new()
    {
        PodUid = $"uid-{name}",
        PodName = name,
        PodNamespace = "default",
        Hostname = name,
        PodDirectory = Path.Combine(_node.DataDir, "pods", name),
        Labels = new Dictionary<string, string> { [RuntimeLabels.PodUid] = $"uid-{name}", [RuntimeLabels.PodName] = name, [RuntimeLabels.PodNamespace] = "default" },
    };

    private static ContainerConfig Container(string name, IReadOnlyList<string> command) => new()
    {
        Name = name,
        Image = "busybox:local",
        Command = command,
        Labels = new Dictionary<string, string> { [RuntimeLabels.PodUid] = "uid", [RuntimeLabels.ContainerName] = name },
    };

    private async Task<string> StartAsync(ProcessRuntime runtime, string sandbox, string name, IReadOnlyList<string> command)
    {
        var id = await runtime.CreateContainerAsync(sandbox, Container(name, command), Pod(name), CancellationToken.None);
        await runtime.StartContainerAsync(id, CancellationToken.None);
        return id;
    }

    private static async Task<ContainerStatus> WaitExitedAsync(ProcessRuntime runtime, string id)
    {
        for (var i = 0; i < 200; i++)
        {
            var status = await runtime.ContainerStatusAsync(id, CancellationToken.None);
            if (status?.State == ContainerState.Exited)
            {
                return status;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"container {id} did not exit");
    }

    private static async Task WaitForLogAsync(ProcessRuntime runtime, string id, string text)
    {
        for (var i = 0; i < 200; i++)
        {
            if ((await LogsAsync(runtime, id, new LogOptions())).Any(l => l.Text == text))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"container {id} never logged {text}");
    }

    private static async Task<List<(OutputStream Stream, string Text)>> LogsAsync(ProcessRuntime runtime, string id, LogOptions options)
    {
        var lines = new List<(OutputStream, string)>();
        await foreach (var line in runtime.ReadLogsAsync(id, options, CancellationToken.None))
        {
            lines.Add((line.Stream, Encoding.UTF8.GetString(line.Data.Span)));
        }

        return lines;
    }

    private static async Task<string> GetWithRetryAsync(HttpClient http, string url)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await http.GetStringAsync(new Uri(url));
            }
            catch (HttpRequestException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }
}
