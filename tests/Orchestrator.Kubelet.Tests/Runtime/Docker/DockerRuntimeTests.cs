using System.Diagnostics;
using System.Text;
using Orchestrator.Kubelet.Runtime;
using Orchestrator.Kubelet.Runtime.Docker;
using Xunit;

namespace Orchestrator.Kubelet.Tests.Runtime.Docker;

/// <summary>The Docker runtime against the real engine that scripts/setup.sh starts.</summary>
public sealed class DockerRuntimeTests(DockerEngine engine) : IClassFixture<DockerEngine>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private DockerRuntime Runtime => engine.Runtime;

    [Fact]
    public async Task Reports_the_engine_version()
    {
        Assert.Equal("docker", Runtime.Name);
        Assert.Matches(@"^docker://\d+\.\d+", await Runtime.VersionAsync(None));
    }

    [Fact]
    public async Task Tells_whether_an_engine_answers()
    {
        Assert.True(await DockerRuntime.AnswersAsync(DockerEngine.Endpoint, TimeSpan.FromSeconds(5), None));
        var absent = $"unix://{Path.Combine(engine.Root, "no-engine.sock")}";
        Assert.False(await DockerRuntime.AnswersAsync(absent, TimeSpan.FromSeconds(5), None));
    }

    [Fact]
    public async Task A_sandbox_gets_its_network_and_a_container_runs_to_completion_with_its_output_in_the_logs()
    {
        var pod = engine.Pod("completes");
        var sandboxId = await Runtime.RunPodSandboxAsync(pod, None);

        var (attachment, netnsExisted) = Assert.Single(engine.Network.SetUps, s => s.Attachment.ContainerId == sandboxId);
        Assert.True(netnsExisted, $"the pod network was called on {attachment.NetnsPath}, which did not exist");
        Assert.Matches(@"^/proc/\d+/ns/net$", attachment.NetnsPath);
        Assert.Equal((pod.PodNamespace, pod.PodName, pod.PodUid), (attachment.PodNamespace, attachment.PodName, attachment.PodUid));

        var sandbox = await Runtime.PodSandboxStatusAsync(sandboxId, None);
        Assert.NotNull(sandbox);
        Assert.Equal(SandboxState.Ready, sandbox.State);
        Assert.Equal(RecordingPodNetwork.PodIp, sandbox.Ip);
        Assert.Equal(pod.PodUid, sandbox.PodUid);

        var before = DateTimeOffset.UtcNow.AddSeconds(-2);
        var id = await Runtime.CreateContainerAsync(sandboxId, DockerEngine.Shell("main", "echo hello; echo oops >&2"), pod, None);
        Assert.Equal(ContainerState.Created, (await Runtime.ContainerStatusAsync(id, None))!.State);
        await Runtime.StartContainerAsync(id, None);
        var status = await engine.WaitExitedAsync(id);

        Assert.Equal(0, status.ExitCode);
        Assert.Equal("Completed", status.Reason);
        Assert.Equal("main", status.Name);
        Assert.Equal(sandboxId, status.SandboxId);
        Assert.Equal(DockerEngine.Image, status.Image);
        Assert.StartsWith("sha256:", status.ImageRef, StringComparison.Ordinal);
        Assert.NotNull(status.StartedAt);
        Assert.NotNull(status.FinishedAt);
        Assert.True(status.FinishedAt >= status.StartedAt);
        Assert.Equal(pod.PodUid, status.Labels[RuntimeLabels.PodUid]);

        var lines = await ReadLogsAsync(id, new LogOptions());
        Assert.Equal(2, lines.Count);
        var stdout = Assert.Single(lines, l => l.Stream == OutputStream.Stdout);
        var stderr = Assert.Single(lines, l => l.Stream == OutputStream.Stderr);
        Assert.Equal("hello\n", Encoding.UTF8.GetString(stdout.Data.Span));
        Assert.Equal("oops\n", Encoding.UTF8.GetString(stderr.Data.Span));
        Assert.InRange(stdout.Time, before, DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task App_containers_join_the_network_and_IPC_namespaces_the_pod_network_was_given()
    {
        var (_, id) = await RunningAsync("namespaces");
        var sandboxId = (await Runtime.ContainerStatusAsync(id, None))!.SandboxId;
        var netns = Assert.Single(engine.Network.SetUps, s => s.Attachment.ContainerId == sandboxId).Attachment.NetnsPath;
        var sandboxIpc = netns.Replace("/ns/net", "/ns/ipc", StringComparison.Ordinal);

        var inside = await Runtime.ExecSyncAsync(id, ["sh", "-c", "readlink /proc/self/ns/net; readlink /proc/self/ns/ipc"], TimeSpan.FromSeconds(10), None);
        Assert.Equal(0, inside.ExitCode);
        Assert.Equal($"{new FileInfo(netns).LinkTarget}\n{new FileInfo(sandboxIpc).LinkTarget}\n", Encoding.UTF8.GetString(inside.Stdout));
    }

    [Fact]
    public async Task A_sandbox_whose_network_fails_is_removed_and_the_failure_reported()
    {
        var runtime = engine.NewRuntime($"docker-fail-{Guid.NewGuid().ToString("N")[..8]}", new RecordingPodNetwork { FailSetUp = true });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => runtime.RunPodSandboxAsync(engine.Pod("unreachable"), None));
        Assert.Equal(RecordingPodNetwork.SetUpFailure, error.Message);
        Assert.Empty(await runtime.ListPodSandboxesAsync(None));
    }

    [Fact]
    public async Task A_container_created_while_its_sandbox_starts_runs_in_the_sandbox_network_once_started()
    {
        // With the pod's resolv.conf, which the container bind-mounts: it is there before the container can be created.
        var pod = engine.Pod("early", dns: new DnsConfig(["100.96.0.10"], [], []));
        Task<string>? creating = null;
        var sandboxId = await Runtime.RunPodSandboxAsync(pod, id => creating = Runtime.CreateContainerAsync(id, DockerEngine.Shell("main", "readlink /proc/self/ns/net; cat /etc/resolv.conf"), pod, None), None);
        Assert.NotNull(creating);
        var app = await creating;
        Assert.Equal(sandboxId, (await Runtime.ContainerStatusAsync(app, None))!.SandboxId);

        await Runtime.StartContainerAsync(app, None);
        Assert.Equal(0, (await engine.WaitExitedAsync(app)).ExitCode);
        var netns = Assert.Single(engine.Network.SetUps, s => s.Attachment.ContainerId == sandboxId).Attachment.NetnsPath;
        var output = string.Concat((await ReadLogsAsync(app, new LogOptions())).Select(l => Encoding.UTF8.GetString(l.Data.Span)));
        Assert.Equal($"{new FileInfo(netns).LinkTarget}\nnameserver 100.96.0.10\n", output);
    }

    [Fact]
    public async Task A_sandbox_whose_network_fails_takes_the_containers_created_in_it_along()
    {
        var runtime = engine.NewRuntime($"docker-fail-{Guid.NewGuid().ToString("N")[..8]}", new RecordingPodNetwork { FailSetUp = true });
        var pod = engine.Pod("early-unreachable");
        string? created = null;
        await Assert.ThrowsAsync<InvalidOperationException>(() => runtime.RunPodSandboxAsync(
            pod, id => created = CreateNow(runtime, id, pod), None));
        Assert.NotNull(created);
        Assert.Null(await runtime.ContainerStatusAsync(created, None));
        Assert.Empty(await runtime.ListPodSandboxesAsync(None));
    }

    // Created before RunPodSandbox goes on, as a kubelet's create could finish before the sandbox's network fails.
    private static string CreateNow(DockerRuntime runtime, string sandboxId, PodSandboxConfig pod) =>
        runtime.CreateContainerAsync(sandboxId, DockerEngine.Shell("main", "true"), pod, None).GetAwaiter().GetResult();

    [Fact]
    public async Task Sandboxes_are_listed_by_pod_uid()
    {
        var first = engine.Pod("listed-a");
        var second = engine.Pod("listed-b");
        var firstId = await Runtime.RunPodSandboxAsync(first, None);
        await Runtime.RunPodSandboxAsync(second, None);

        var listed = await ((IContainerRuntime)Runtime).ListPodSandboxesAsync(first.PodUid, None);
        Assert.Equal(firstId, Assert.Single(listed).Id);
        Assert.Empty(await ((IContainerRuntime)Runtime).ListPodSandboxesAsync(Guid.NewGuid().ToString(), None));
    }

    [Fact]
    public async Task A_failing_container_reports_its_exit_code_and_Error_and_one_that_cannot_run_says_why()
    {
        var pod = engine.Pod("fails");
        var sandboxId = await Runtime.RunPodSandboxAsync(pod, None);
        var id = await Runtime.CreateContainerAsync(sandboxId, DockerEngine.Shell("main", "exit 3"), pod, None);
        await Runtime.StartContainerAsync(id, None);
        var status = await engine.WaitExitedAsync(id);
        Assert.Equal(3, status.ExitCode);
        Assert.Equal("Error", status.Reason);

        var missing = await Runtime.CreateContainerAsync(
            sandboxId,
            new ContainerConfig { Name = "missing", Image = DockerEngine.Image, Command = ["/no/such/binary"] },
            pod,
            None);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Runtime.StartContainerAsync(missing, None));
        Assert.Contains("/no/such/binary", error.Message, StringComparison.Ordinal);
        var cannotRun = await Runtime.ContainerStatusAsync(missing, None);
        Assert.NotNull(cannotRun);
        Assert.Equal(ContainerState.Exited, cannotRun.State);
        Assert.Equal("ContainerCannotRun", cannotRun.Reason);
        Assert.Contains("/no/such/binary", cannotRun.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_sends_SIGTERM_and_kills_after_the_timeout()
    {
        var pod = engine.Pod("stops");
        var sandboxId = await Runtime.RunPodSandboxAsync(pod, None);
        var polite = await Runtime.CreateContainerAsync(
            sandboxId, DockerEngine.Shell("polite", "trap 'echo terminated; exit 0' TERM; echo ready; while true; do sleep 0.1; done"), pod, None);
        var stubborn = await Runtime.CreateContainerAsync(
            sandboxId, DockerEngine.Shell("stubborn", "trap '' TERM; echo ready; while true; do sleep 0.1; done"), pod, None);
        await Runtime.StartContainerAsync(polite, None);
        await Runtime.StartContainerAsync(stubborn, None);
        await WaitForLogAsync(polite, "ready");
        await WaitForLogAsync(stubborn, "ready");

        var watch = Stopwatch.StartNew();
        await Runtime.StopContainerAsync(polite, TimeSpan.FromSeconds(20), None);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"a container that exits on SIGTERM took {watch.Elapsed} to stop");
        var politeStatus = await Runtime.ContainerStatusAsync(polite, None);
        Assert.Equal((ContainerState.Exited, 0), (politeStatus!.State, politeStatus.ExitCode));
        Assert.Contains(await ReadLogsAsync(polite, new LogOptions()), l => Encoding.UTF8.GetString(l.Data.Span) == "terminated\n");

        watch.Restart();
        await Runtime.StopContainerAsync(stubborn, TimeSpan.FromMilliseconds(1500), None);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(1400), TimeSpan.FromSeconds(10));
        var stubbornStatus = await Runtime.ContainerStatusAsync(stubborn, None);
        Assert.Equal((ContainerState.Exited, 137, "Error"), (stubbornStatus!.State, stubbornStatus.ExitCode, stubbornStatus.Reason));

        // Stopping again, or a container that is gone, is not an error.
        await Runtime.StopContainerAsync(stubborn, TimeSpan.FromSeconds(1), None);
        await Runtime.StopContainerAsync("no-such-container", TimeSpan.FromSeconds(1), None);
    }

    [Fact]
    public async Task ExecSync_returns_output_and_exit_code_and_gives_up_at_its_timeout()
    {
        var (pod, id) = await RunningAsync("execs");
        var result = await Runtime.ExecSyncAsync(id, ["sh", "-c", "echo out; echo err >&2; exit 4"], TimeSpan.FromSeconds(10), None);
        Assert.Equal(4, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.Equal("out\n", Encoding.UTF8.GetString(result.Stdout));
        Assert.Equal("err\n", Encoding.UTF8.GetString(result.Stderr));

        var watch = Stopwatch.StartNew();
        var slow = await Runtime.ExecSyncAsync(id, ["sleep", "5"], TimeSpan.FromMilliseconds(300), None);
        Assert.True(slow.TimedOut);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"the timed-out exec took {watch.Elapsed}");
        Assert.NotNull(pod);
    }

    [Fact]
    public async Task Interactive_exec_pipes_stdin_and_output_and_a_terminal_takes_resizes()
    {
        var (_, id) = await RunningAsync("interactive");
        await using (var session = await Runtime.ExecAsync(id, new ExecRequest(["cat"], Stdin: true, Stdout: true, Stderr: true, Tty: false), None))
        {
            Assert.NotNull(session.Stdin);
            await session.Stdin.WriteAsync(Encoding.UTF8.GetBytes("ping\n"));
            await session.Stdin.DisposeAsync();
            var output = await ReadAllAsync(session);
            Assert.Equal("ping\n", output);
            Assert.Equal(0, await session.WaitAsync(None));
        }

        await using (var terminal = await Runtime.ExecAsync(id, new ExecRequest(["sh"], Stdin: true, Stdout: true, Stderr: false, Tty: true), None))
        {
            await terminal.ResizeAsync(123, 45, None);
            await terminal.Stdin!.WriteAsync(Encoding.UTF8.GetBytes("stty size; exit 7\n"));
            var output = await ReadAllAsync(terminal);
            Assert.Contains("45 123", output, StringComparison.Ordinal);
            Assert.Equal(7, await terminal.WaitAsync(None));
        }
    }

    [Fact]
    public async Task Lists_only_this_nodes_sandboxes_and_containers()
    {
        var other = engine.NewRuntime($"docker-other-{Guid.NewGuid().ToString("N")[..8]}", new RecordingPodNetwork());
        var ours = engine.Pod("ours");
        var theirs = engine.Pod("theirs");
        var ourSandbox = await Runtime.RunPodSandboxAsync(ours, None);
        var theirSandbox = await other.RunPodSandboxAsync(theirs, None);
        var ourContainer = await Runtime.CreateContainerAsync(ourSandbox, DockerEngine.Shell("main", "true"), ours, None);
        var theirContainer = await other.CreateContainerAsync(theirSandbox, DockerEngine.Shell("main", "true"), theirs, None);

        var sandboxes = await Runtime.ListPodSandboxesAsync(None);
        Assert.Contains(sandboxes, s => s.Id == ourSandbox && s.PodUid == ours.PodUid && s.State == SandboxState.Ready);
        Assert.DoesNotContain(sandboxes, s => s.Id == theirSandbox);
        Assert.Single(await other.ListPodSandboxesAsync(None), s => s.Id == theirSandbox);

        var containers = await Runtime.ListContainersAsync(null, None);
        Assert.Contains(containers, c => c.Id == ourContainer);
        Assert.DoesNotContain(containers, c => c.Id == theirContainer || c.Id == ourSandbox);
        Assert.Equal([ourContainer], (await Runtime.ListContainersAsync(ourSandbox, None)).Select(c => c.Id));
        Assert.Empty(await Runtime.ListContainersAsync(theirSandbox, None));
    }

    [Fact]
    public async Task Events_report_a_start_and_an_exit_with_the_containers_labels()
    {
        var pod = engine.Pod("events");
        var sandboxId = await Runtime.RunPodSandboxAsync(pod, None);
        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = new List<ContainerEvent>();
        var subscribed = new TaskCompletionSource();
        var reader = Task.Run(async () =>
        {
            await using var enumerator = Runtime.WatchEventsAsync(watching.Token).GetAsyncEnumerator(watching.Token);
            var next = enumerator.MoveNextAsync();
            subscribed.SetResult();
            while (await next)
            {
                events.Add(enumerator.Current);
                if (enumerator.Current.Kind == ContainerEventKind.Exited && enumerator.Current.Labels.GetValueOrDefault(RuntimeLabels.ContainerName) == "main")
                {
                    return;
                }

                next = enumerator.MoveNextAsync();
            }
        });
        await subscribed.Task;
        // The engine's subscription is registered once its HTTP answer starts; give it a moment.
        await Task.Delay(500);

        var id = await Runtime.CreateContainerAsync(sandboxId, DockerEngine.Shell("main", "exit 0"), pod, None);
        await Runtime.StartContainerAsync(id, None);
        await reader.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains(events, e => e.ContainerId == id && e.Kind == ContainerEventKind.Started);
        var exited = Assert.Single(events, e => e.ContainerId == id && e.Kind == ContainerEventKind.Exited);
        Assert.Equal(pod.PodUid, exited.Labels[RuntimeLabels.PodUid]);
        Assert.False(exited.Labels.ContainsKey("exitCode"));
    }

    [Fact]
    public async Task A_container_gets_its_env_mounts_working_dir_dns_and_the_pods_hostname()
    {
        var pod = engine.Pod("configured", dns: new DnsConfig(["100.96.0.10"], ["default.svc.cluster.local", "svc.cluster.local"], ["ndots:5"]));
        var sandboxId = await Runtime.RunPodSandboxAsync(pod, None);
        var data = Directory.CreateDirectory(Path.Combine(pod.PodDirectory, "volumes", "data")).FullName;
        var config = Directory.CreateDirectory(Path.Combine(pod.PodDirectory, "volumes", "config")).FullName;
        await File.WriteAllTextAsync(Path.Combine(config, "in.txt"), "from the host");
        var container = new ContainerConfig
        {
            Name = "main",
            Image = DockerEngine.Image,
            Command = ["sh", "-c"],
            Args = ["echo \"$GREETING $LATER\"; cat /config/in.txt; echo; pwd; hostname; cat /etc/resolv.conf; echo written > /data/out.txt; touch /config/denied 2>/dev/null || echo read-only"],
            Env = [new("GREETING", "hello"), new("LATER", "first"), new("LATER", "second")],
            WorkingDir = "/tmp",
            Mounts = [new(data, "/data", ReadOnly: false), new(config, "/config", ReadOnly: true)],
        };
        var id = await Runtime.CreateContainerAsync(sandboxId, container, pod, None);
        await Runtime.StartContainerAsync(id, None);
        Assert.Equal(0, (await engine.WaitExitedAsync(id)).ExitCode);

        var output = string.Concat((await ReadLogsAsync(id, new LogOptions())).Select(l => Encoding.UTF8.GetString(l.Data.Span)));
        Assert.Equal(
            "hello second\nfrom the host\n/tmp\nconfigured\n" +
            "search default.svc.cluster.local svc.cluster.local\nnameserver 100.96.0.10\noptions ndots:5\nread-only\n",
            output);
        Assert.Equal("written\n", await File.ReadAllTextAsync(Path.Combine(data, "out.txt")));
    }

    [Fact]
    public async Task Resource_limits_reach_the_engine()
    {
        var pod = engine.Pod("limited");
        var sandboxId = await Runtime.RunPodSandboxAsync(pod, None);
        var config = DockerEngine.Shell("main", "true") with { MemoryLimitBytes = 64 * 1024 * 1024, CpuLimitMillis = 500, CpuRequestMillis = 250 };
        var id = await Runtime.CreateContainerAsync(sandboxId, config, pod, None);

        var inspect = await engine.Client.Containers.InspectContainerAsync(id);
        Assert.Equal(64 * 1024 * 1024, inspect.HostConfig.Memory);
        Assert.Equal(64 * 1024 * 1024, inspect.HostConfig.MemorySwap);
        Assert.Equal(50_000, inspect.HostConfig.CPUQuota);
        Assert.Equal(100_000, inspect.HostConfig.CPUPeriod);
        Assert.Equal(256, inspect.HostConfig.CPUShares);
        Assert.Equal($"container:{sandboxId}", inspect.HostConfig.NetworkMode);
        Assert.Equal($"container:{sandboxId}", inspect.HostConfig.IpcMode);
    }

    [Fact]
    public async Task A_container_over_its_memory_limit_is_OOMKilled()
    {
        var pod = engine.Pod("oom");
        var sandboxId = await Runtime.RunPodSandboxAsync(pod, None);
        var hog = DockerEngine.Shell("main", "a=$(head -c 100000000 /dev/zero | tr '\\0' x); echo survived") with { MemoryLimitBytes = 16 * 1024 * 1024 };
        var id = await Runtime.CreateContainerAsync(sandboxId, hog, pod, None);
        await Runtime.StartContainerAsync(id, None);
        var status = await engine.WaitExitedAsync(id);
        Assert.Equal((137, "OOMKilled"), (status.ExitCode, status.Reason));
    }

    [Fact]
    public async Task Images_present_are_reported_and_an_absent_one_fails_to_pull_at_once()
    {
        var present = await Runtime.ImageStatusAsync(DockerEngine.Image, None);
        Assert.NotNull(present);
        Assert.StartsWith("sha256:", present.Id, StringComparison.Ordinal);
        Assert.Contains(DockerEngine.Image, present.RepoTags);
        Assert.True(present.SizeBytes > 0);
        Assert.Null(await Runtime.ImageStatusAsync("orchestrator.invalid/absent:1", None));

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ImagePullException>(() => Runtime.PullImageAsync("127.0.0.1:1/absent:1", None));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the failed pull took {watch.Elapsed}");
        Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_and_removing_a_sandbox_tears_its_network_down_and_is_idempotent()
    {
        var (pod, id) = await RunningAsync("removed");
        var sandboxId = (await Runtime.ContainerStatusAsync(id, None))!.SandboxId;

        var watch = Stopwatch.StartNew();
        await Runtime.StopPodSandboxAsync(sandboxId, None);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"stopping the sandbox took {watch.Elapsed}");
        var teardown = Assert.Single(engine.Network.TearDowns, t => t.ContainerId == sandboxId);
        Assert.Equal(pod.PodUid, teardown.PodUid);
        var stopped = await Runtime.PodSandboxStatusAsync(sandboxId, None);
        Assert.Equal(SandboxState.NotReady, stopped!.State);
        Assert.Null(stopped.Ip);
        Assert.Equal(ContainerState.Exited, (await Runtime.ContainerStatusAsync(id, None))!.State);

        await Runtime.StopPodSandboxAsync(sandboxId, None);
        await Runtime.RemovePodSandboxAsync(sandboxId, None);
        await Runtime.RemovePodSandboxAsync(sandboxId, None);
        await Runtime.RemoveContainerAsync(id, None);
        await Runtime.RemoveContainerAsync("no-such-container", None);
        await Runtime.RemovePodSandboxAsync("no-such-sandbox", None);

        Assert.Null(await Runtime.PodSandboxStatusAsync(sandboxId, None));
        Assert.Null(await Runtime.ContainerStatusAsync(id, None));
        Assert.Single(engine.Network.TearDowns, t => t.ContainerId == sandboxId);
    }

    [Fact]
    public async Task A_host_network_sandbox_skips_the_pod_network_and_reports_the_node_address()
    {
        var network = new RecordingPodNetwork();
        var runtime = engine.NewRuntime($"docker-host-{Guid.NewGuid().ToString("N")[..8]}", network, nodeAddress: "127.0.0.1");
        var pod = engine.Pod("hostnet", hostNetwork: true);
        var sandboxId = await runtime.RunPodSandboxAsync(pod, None);
        var status = await runtime.PodSandboxStatusAsync(sandboxId, None);
        Assert.Equal((SandboxState.Ready, "127.0.0.1"), (status!.State, status.Ip));
        await runtime.StopPodSandboxAsync(sandboxId, None);
        Assert.Empty(network.SetUps);
        Assert.Empty(network.TearDowns);
    }

    [Fact]
    public async Task Logs_honour_tail_since_and_follow()
    {
        var pod = engine.Pod("logs");
        var sandboxId = await Runtime.RunPodSandboxAsync(pod, None);
        var id = await Runtime.CreateContainerAsync(
            sandboxId, DockerEngine.Shell("main", "for i in 1 2 3; do echo line$i; done; sleep 1.2; echo late; sleep 0.5; printf partial"), pod, None);
        await Runtime.StartContainerAsync(id, None);

        // Follow reads as the container writes and ends when it does; the last line keeps its missing newline.
        var followed = await ReadLogsAsync(id, new LogOptions { Follow = true });
        Assert.Equal(
            ["line1\n", "line2\n", "line3\n", "late\n", "partial"],
            followed.Select(l => Encoding.UTF8.GetString(l.Data.Span)));

        var tail = await ReadLogsAsync(id, new LogOptions { TailLines = 2 });
        Assert.Equal(["late\n", "partial"], tail.Select(l => Encoding.UTF8.GetString(l.Data.Span)));

        var since = await ReadLogsAsync(id, new LogOptions { Since = followed[3].Time });
        Assert.Equal(["late\n", "partial"], since.Select(l => Encoding.UTF8.GetString(l.Data.Span)));
    }

    private async Task<(PodSandboxConfig Pod, string ContainerId)> RunningAsync(string name)
    {
        var pod = engine.Pod(name);
        var sandboxId = await Runtime.RunPodSandboxAsync(pod, None);
        var id = await Runtime.CreateContainerAsync(sandboxId, DockerEngine.Shell("main", "trap 'exit 0' TERM; while true; do sleep 0.1; done"), pod, None);
        await Runtime.StartContainerAsync(id, None);
        return (pod, id);
    }

    private async Task<List<LogLine>> ReadLogsAsync(string containerId, LogOptions options)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var lines = new List<LogLine>();
        await foreach (var line in Runtime.ReadLogsAsync(containerId, options, timeout.Token))
        {
            lines.Add(line);
        }

        return lines;
    }

    private async Task WaitForLogAsync(string containerId, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!(await ReadLogsAsync(containerId, new LogOptions())).Any(l => Encoding.UTF8.GetString(l.Data.Span).Contains(text, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no \"{text}\" in the logs of {containerId}");
            await Task.Delay(50);
        }
    }

    private static async Task<string> ReadAllAsync(IExecSession session)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var output = new StringBuilder();
        while (await session.ReadOutputAsync(timeout.Token) is { } chunk)
        {
            output.Append(Encoding.UTF8.GetString(chunk.Data.Span));
        }

        return output.ToString();
    }
}
