using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Client;
using Orchestrator.Hocon;
using Orchestrator.Kubelet.Common;
using Orchestrator.Kubelet.Node;
using Orchestrator.Kubelet.Pods;
using Orchestrator.Kubelet.Runtime;
using Orchestrator.Kubelet.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Kubelet.Tests.Node;

/// <summary>
/// The kubelet's node side against a real gateway over HTTP through a real <see cref="KubeClient"/>: it registers
/// its Node from the machine, refuses a name another machine holds, keeps its Lease through an API outage with
/// back-off, posts changed conditions, runs one pod worker per pod bound to it (a stand-in here), adopts or removes
/// what a previous run left in the runtime (a fake one), and shuts down critical pods last. Messages stay in one
/// process (the kubelet is never remote), and carry pods as JSON, so they are not serialized here.
/// </summary>
public sealed class KubeletActorTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // Kubernetes' timings shrunk: what takes a kubelet seconds takes these tests a fraction of one.
    private const string FastTimings = """
        orchestrator.kubelet.node-lease.renew-interval = 300ms
        orchestrator.kubelet.node-lease.duration = 3s
        orchestrator.kubelet.node-status-update-frequency = 200ms
        orchestrator.kubelet.shutdown-grace-period = 3s
        orchestrator.kubelet.shutdown-grace-period-critical-pods = 1s
        orchestrator.kubelet.node-ip = "127.0.0.9"
        orchestrator.kubelet.port = 10350
        orchestrator.kubelet.system-reserved { cpu = 100m, memory = 100Mi }
        orchestrator.kubelet.kube-reserved { pods = "10" }
        """;

    private readonly List<IDisposable> _clients = [];
    private TestGateway _gateway = null!;

    public KubeletActorTests(ITestOutputHelper output)
        : base(Akka.Configuration.ConfigurationFactory.ParseString("akka.loglevel = INFO\nakka.actor.provider = local"), "kubelet-tests", output)
    {
    }

    private KubeClient Client => _gateway.Client;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync()
    {
        // The kubelets first: their watches are requests the HTTP server would otherwise wait for as it stops.
        await Sys.Terminate();
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task Registers_its_Node_from_the_machine_with_reservations_taken_from_allocatable_and_renews_its_Lease()
    {
        var machine = Machine("m-1");
        Start("worker-1", machine);
        ExpectMsg<KubeletStarted>(Timeout);

        var node = await WaitForNodeAsync("worker-1", n => Condition(n, "Ready")?["status"]?.GetValue<string>() == "True");
        var labels = KubeObject.Labels(node);
        Assert.Equal("worker-1", labels["kubernetes.io/hostname"]);
        Assert.Equal("linux", labels["kubernetes.io/os"]);
        Assert.Equal("amd64", labels["kubernetes.io/arch"]);

        var status = node["status"]!;
        Assert.Equal("4", status["capacity"]!["cpu"]!.GetValue<string>());
        Assert.Equal("8Gi", status["capacity"]!["memory"]!.GetValue<string>());
        Assert.Equal("110", status["capacity"]!["pods"]!.GetValue<string>());
        Assert.Equal("3900m", status["allocatable"]!["cpu"]!.GetValue<string>());
        // 8Gi less 100Mi, in the canonical form the quantity arithmetic gives (as Kubernetes's).
        Assert.Equal("8092Mi", status["allocatable"]!["memory"]!.GetValue<string>());
        Assert.Equal("100", status["allocatable"]!["pods"]!.GetValue<string>());
        Assert.Equal("100Gi", status["capacity"]!["ephemeral-storage"]!.GetValue<string>());

        var addresses = status["addresses"]!.AsArray().Select(a => (a!["type"]!.GetValue<string>(), a["address"]!.GetValue<string>())).ToList();
        Assert.Contains(("InternalIP", "127.0.0.9"), addresses);
        Assert.Contains(addresses, a => a.Item1 == "Hostname");
        Assert.Equal(10350, status["daemonEndpoints"]!["kubeletEndpoint"]!["Port"]!.GetValue<int>());
        var info = status["nodeInfo"]!;
        Assert.Equal("fake://1.2.3", info["containerRuntimeVersion"]!.GetValue<string>());
        Assert.Equal("m-1", info["machineID"]!.GetValue<string>());
        Assert.Equal("boot-m-1", info["bootID"]!.GetValue<string>());
        Assert.Equal("6.1.0-test", info["kernelVersion"]!.GetValue<string>());
        Assert.Equal(KubeletNodeObject.KubeletVersion, info["kubeletVersion"]!.GetValue<string>());
        foreach (var (type, value, reason) in (ReadOnlySpan<(string, string, string)>)[
            ("MemoryPressure", "False", "KubeletHasSufficientMemory"), ("DiskPressure", "False", "KubeletHasNoDiskPressure"),
            ("PIDPressure", "False", "KubeletHasSufficientPID"), ("Ready", "True", "KubeletReady"), ("NetworkUnavailable", "False", "HostNetworkFallback")])
        {
            Assert.Equal(value, Condition(node, type)!["status"]!.GetValue<string>());
            Assert.Equal(reason, Condition(node, type)!["reason"]!.GetValue<string>());
        }

        // The Lease: held by the node, owned by its Node, renewed on the renew interval.
        var first = await WaitForAsync(() => TryGetAsync(ResourceRef.Leases, NodeLeaseObject.Namespace, "worker-1"), l => l is not null);
        Assert.Equal("worker-1", KubeObject.GetString(first!, "spec", "holderIdentity"));
        Assert.Equal(3, KubeObject.GetInt64(first!, "spec", "leaseDurationSeconds"));
        Assert.Equal(KubeObject.Uid(node), first!["metadata"]!["ownerReferences"]![0]!["uid"]!.GetValue<string>());
        var renewed = await WaitForAsync(() => TryGetAsync(ResourceRef.Leases, NodeLeaseObject.Namespace, "worker-1"),
            l => NodeLeaseObject.RenewTime(l!) > NodeLeaseObject.RenewTime(first) + TimeSpan.FromMilliseconds(500));
        Assert.NotNull(renewed);
    }

    [Fact]
    public async Task Refuses_to_start_when_another_machine_holds_the_node_name_and_takes_it_once_that_Lease_expired()
    {
        var first = Start("shared", Machine("machine-a"));
        ExpectMsg<KubeletStarted>(Timeout);
        await WaitForAsync(() => TryGetAsync(ResourceRef.Leases, NodeLeaseObject.Namespace, "shared"), l => l is not null);

        var second = Start("shared", Machine("machine-b"), name: "second");
        Watch(second);
        var refused = ExpectMsg<KubeletRefusedToStart>(Timeout);
        Assert.Equal("shared", refused.NodeName);
        Assert.Contains("in use by another machine", refused.Reason, StringComparison.Ordinal);
        Assert.Contains("machine-a", refused.Reason, StringComparison.Ordinal);
        Assert.Contains("orchestrator.kubelet.node-name", refused.Reason, StringComparison.Ordinal);
        ExpectTerminated(second, Timeout);
        var node = await Client.GetAsync(ResourceRef.Nodes, null, "shared");
        Assert.Equal("machine-a", KubeletNodeObject.MachineId(node));

        // The first machine goes (and its Lease expires): the name is free for another machine.
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first, Timeout);
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        Start("shared", Machine("machine-b"), name: "third");
        ExpectMsg<KubeletStarted>(Timeout);
        await WaitForNodeAsync("shared", n => KubeletNodeObject.MachineId(n) == "machine-b");
    }

    [Fact]
    public async Task Retries_its_Lease_with_back_off_while_the_API_is_away_and_is_Ready_again_when_it_returns()
    {
        var outage = new OutageKubeClient(_gateway.NewClient());
        Start("flaky", Machine("m-flaky"), client: outage);
        ExpectMsg<KubeletStarted>(Timeout);
        await WaitForAsync(() => TryGetAsync(ResourceRef.Leases, NodeLeaseObject.Namespace, "flaky"), l => l is not null);

        outage.Down = true;
        await Task.Delay(TimeSpan.FromSeconds(3.5));

        // Meanwhile the node lifecycle controller, not hearing from the node, marks it Unknown.
        await Client.PatchAsync(ResourceRef.Nodes, null, "flaky", PatchType.Merge, JsonNode.Parse("""
            {"status":{"conditions":[{"type":"Ready","status":"Unknown","reason":"NodeStatusUnknown","message":"Kubelet stopped posting node status."}]}}
            """)!, "status");
        var restoredAt = DateTimeOffset.UtcNow;
        outage.Down = false;

        // While away: retried after 200 ms, then 400, 800, 1600 ms (the lease controller's back-off), not every 300 ms.
        var failed = outage.LeaseAttempts.Where(a => a.Failed).Select(a => a.At).ToList();
        Assert.InRange(failed.Count, 3, 5);
        var gaps = failed.Zip(failed.Skip(1), (a, b) => b - a).ToList();
        Assert.All(gaps.Zip([200, 400, 800, 1600]), g => Assert.True(g.First >= TimeSpan.FromMilliseconds(g.Second - 30), $"retried after {g.First.TotalMilliseconds} ms, expected at least {g.Second}"));

        // Back: the Lease is renewed and the node posts Ready over the controller's Unknown.
        await WaitForAsync(() => TryGetAsync(ResourceRef.Leases, NodeLeaseObject.Namespace, "flaky"), l => NodeLeaseObject.RenewTime(l!) > restoredAt.AddSeconds(-1));
        var node = await WaitForNodeAsync("flaky", n => Condition(n, "Ready")?["status"]?.GetValue<string>() == "True");
        Assert.Equal("KubeletReady", Condition(node, "Ready")!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Posts_a_pressure_condition_as_soon_as_the_machine_reports_it_and_clears_it_after()
    {
        var health = new SwitchableHealth();
        Start("pressed", Machine("m-pressed"), health: health);
        ExpectMsg<KubeletStarted>(Timeout);
        var before = await WaitForNodeAsync("pressed", n => Condition(n, "MemoryPressure") is not null);
        Assert.Equal("False", Condition(before, "MemoryPressure")!["status"]!.GetValue<string>());

        health.Current = new NodeHealth(MemoryPressure: true, DiskPressure: false, PidPressure: true);
        var pressed = await WaitForNodeAsync("pressed", n => Condition(n, "MemoryPressure")!["status"]!.GetValue<string>() == "True");
        Assert.Equal("KubeletHasInsufficientMemory", Condition(pressed, "MemoryPressure")!["reason"]!.GetValue<string>());
        Assert.Equal("True", Condition(pressed, "PIDPressure")!["status"]!.GetValue<string>());
        Assert.Equal("False", Condition(pressed, "DiskPressure")!["status"]!.GetValue<string>());

        health.Current = NodeHealth.Healthy;
        var cleared = await WaitForNodeAsync("pressed", n => Condition(n, "MemoryPressure")!["status"]!.GetValue<string>() == "False");
        Assert.Equal("KubeletHasSufficientMemory", Condition(cleared, "MemoryPressure")!["reason"]!.GetValue<string>());
        // Ready never changed, so its transition time is the registration's.
        Assert.Equal(Condition(before, "Ready")!["lastTransitionTime"]!.GetValue<string>(), Condition(cleared, "Ready")!["lastTransitionTime"]!.GetValue<string>());
    }

    [Fact]
    public async Task Runs_one_pod_worker_per_pod_bound_to_the_node_forwards_updates_events_and_removal()
    {
        var runtime = new FakeContainerRuntime();
        Start("podnode", Machine("m-pods"), runtime: runtime);
        ExpectMsg<KubeletStarted>(Timeout);

        await CreatePodAsync("elsewhere", "other-node");
        var pod = await CreatePodAsync("mine", "podnode");
        var uid = KubeObject.Uid(pod)!;
        var started = ExpectMsg<WorkerStarted>(Timeout);
        Assert.Equal(uid, started.Uid);
        Assert.Equal("podnode", started.Context.Node.Name);
        Assert.Equal(["127.0.0.9"], started.Context.Node.NodeIps);
        Assert.Same(runtime, started.Context.Runtime);
        Assert.Empty(started.Context.AdoptedSandboxes);

        await Client.PatchAsync(ResourceRef.Pods, "default", "mine", PatchType.Merge, JsonNode.Parse("""{"metadata":{"labels":{"tier":"web"}}}""")!);
        var changed = (PodSpecChanged)FishForMessage<WorkerGot>(m => m.Message is PodSpecChanged p && KubeObject.Labels(p.Pod).ContainsKey("tier"), Timeout).Message;
        Assert.Equal(uid, KubeObject.Uid(changed.Pod));

        // Runtime events reach the pod's worker by its pod uid label, and only this node's.
        runtime.Emit(new ContainerEvent("other", ContainerEventKind.Exited, new Dictionary<string, string> { [RuntimeLabels.PodUid] = uid, [RuntimeLabels.NodeName] = "not-this-node" }));
        runtime.Emit(new ContainerEvent("c-1", ContainerEventKind.Exited, new Dictionary<string, string> { [RuntimeLabels.PodUid] = uid, [RuntimeLabels.NodeName] = "podnode" }));
        var observed = (ContainerEventObserved)FishForMessage<WorkerGot>(m => m.Message is ContainerEventObserved, Timeout).Message;
        Assert.Equal("c-1", observed.Event.ContainerId);

        // Deleted with a grace period: the worker sees the deletionTimestamp; then the pod goes and the worker stops.
        Sys.EventStream.Subscribe(TestActor, typeof(WorkerStopped));
        await Client.DeleteAsync(ResourceRef.Pods, "default", "mine", new DeleteOptions { GracePeriodSeconds = 30 });
        FishForMessage<WorkerGot>(m => m.Message is PodSpecChanged p && KubeObject.DeletionTimestamp(p.Pod) is not null, Timeout);
        await Client.DeleteAsync(ResourceRef.Pods, "default", "mine", new DeleteOptions { GracePeriodSeconds = 0 });
        var removed = (PodRemovedFromApi)FishForMessage<WorkerGot>(m => m.Message is PodRemovedFromApi, Timeout).Message;
        Assert.Equal(uid, removed.Uid);
        FishForMessage<WorkerStopped>(m => m.Name == "pod-" + uid, Timeout);

        // The pod on another node never got a worker.
        await Task.Delay(300);
        Assert.DoesNotContain(ReceiveWhile<object>(TimeSpan.FromMilliseconds(100), m => m), m => m is WorkerStarted);
    }

    [Fact]
    public async Task Hands_a_previous_runs_sandboxes_to_their_pods_workers_and_removes_those_of_pods_gone()
    {
        var pod = await CreatePodAsync("survivor", "restarted");
        var uid = KubeObject.Uid(pod)!;
        var runtime = new FakeContainerRuntime();
        runtime.Sandboxes.Add(Sandbox("sb-live", uid, "restarted"));
        runtime.Sandboxes.Add(Sandbox("sb-gone", "uid-of-a-deleted-pod", "restarted"));
        runtime.Sandboxes.Add(Sandbox("sb-other-node", "uid-elsewhere", "another-kubelet"));
        runtime.Containers.Add(Container("c-live", "sb-live", uid, "restarted"));
        runtime.Containers.Add(Container("c-gone", "sb-gone", "uid-of-a-deleted-pod", "restarted"));
        runtime.Containers.Add(Container("c-stray", "sb-vanished", "uid-stray", "restarted"));

        Start("restarted", Machine("m-restarted"), runtime: runtime);
        ExpectMsg<KubeletStarted>(Timeout);
        var started = ExpectMsg<WorkerStarted>(Timeout);
        Assert.Equal(uid, started.Uid);
        var adopted = Assert.Single(started.Context.AdoptedSandboxes);
        Assert.Equal("sb-live", adopted.Sandbox.Id);
        Assert.Equal("c-live", Assert.Single(adopted.Containers).Id);

        await WaitForAsync(() => Task.FromResult(runtime.Calls.ToArray()), c => c.Contains("remove-sandbox sb-gone") && c.Contains("remove-container c-stray"));
        var calls = runtime.Calls.ToList();
        Assert.True(calls.IndexOf("stop-sandbox sb-gone") < calls.IndexOf("remove-sandbox sb-gone"));
        Assert.True(calls.IndexOf("stop-container c-stray") < calls.IndexOf("remove-container c-stray"));
        Assert.DoesNotContain(calls, c => c.Contains("sb-live", StringComparison.Ordinal) || c.Contains("c-live", StringComparison.Ordinal));
        Assert.DoesNotContain(calls, c => c.Contains("sb-other-node", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_node_shutdown_sets_NotReady_and_stops_regular_pods_before_critical_ones_within_the_grace_periods()
    {
        var kubelet = Start("draining", Machine("m-draining"), stopTime: TimeSpan.FromMilliseconds(400));
        ExpectMsg<KubeletStarted>(Timeout);
        var critical = await CreatePodAsync("node-agent", "draining", """{"priorityClassName":"system-node-critical","containers":[{"name":"app","image":"busybox:local"}]}""");
        var regular = await CreatePodAsync("web", "draining");
        var uids = new[] { ExpectMsg<WorkerStarted>(Timeout).Uid, ExpectMsg<WorkerStarted>(Timeout).Uid };
        Assert.Equivalent(new[] { KubeObject.Uid(critical), KubeObject.Uid(regular) }, uids);

        var shutdown = kubelet.Ask<NodeShutDown>(new ShutDownNode(), Timeout);
        var first = FishForMessage<WorkerGot>(m => m.Message is StopPodForShutdown, Timeout);
        Assert.Equal(KubeObject.Uid(regular), first.Uid);
        Assert.Equal(TimeSpan.FromSeconds(2), ((StopPodForShutdown)first.Message).GracePeriod);
        var second = FishForMessage<WorkerGot>(m => m.Message is StopPodForShutdown, Timeout);
        Assert.Equal(KubeObject.Uid(critical), second.Uid);
        Assert.Equal(TimeSpan.FromSeconds(1), ((StopPodForShutdown)second.Message).GracePeriod);

        Assert.Equal(0, (await shutdown).PodsLeft);
        var node = await Client.GetAsync(ResourceRef.Nodes, null, "draining");
        Assert.Equal("False", Condition(node, "Ready")!["status"]!.GetValue<string>());
        Assert.Equal("node is shutting down", Condition(node, "Ready")!["message"]!.GetValue<string>());
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private IActorRef Start(string node, MachineInfo machine, string? name = null, IKubeClient? client = null,
        FakeContainerRuntime? runtime = null, INodeHealthProbe? health = null, TimeSpan? stopTime = null)
    {
        var settings = KubeletSettings.FromConfig(Config.ParseString(FastTimings + $"\norchestrator.kubelet.node-name = {node}", new HoconParseOptions { Fallback = ReferenceConfig.Load() }));
        if (client is null)
        {
            var own = _gateway.NewClient();
            _clients.Add(own);
            client = own;
        }

        var deps = new KubeletDependencies(client, runtime ?? new FakeContainerRuntime(), settings, StandInPodWorker.Factory(TestActor, stopTime))
        {
            Machine = machine,
            Health = health ?? new SwitchableHealth(),
        };
        Sys.EventStream.Subscribe(TestActor, typeof(KubeletStarted));
        Sys.EventStream.Subscribe(TestActor, typeof(KubeletRefusedToStart));
        return Sys.ActorOf(KubeletActor.Props(deps), name ?? "kubelet-" + node);
    }

    private static MachineInfo Machine(string id) => new()
    {
        CpuCount = 4,
        MemoryBytes = 8L * 1024 * 1024 * 1024,
        EphemeralStorageBytes = 100L * 1024 * 1024 * 1024,
        MachineId = id,
        BootId = "boot-" + id,
        KernelVersion = "6.1.0-test",
        OsImage = "Test Linux",
        Architecture = "amd64",
    };

    private static PodSandboxStatus Sandbox(string id, string uid, string node) => new()
    {
        Id = id,
        PodUid = uid,
        PodName = "p-" + uid,
        PodNamespace = "default",
        State = SandboxState.Ready,
        Labels = new Dictionary<string, string> { [RuntimeLabels.PodUid] = uid, [RuntimeLabels.NodeName] = node },
    };

    private static ContainerStatus Container(string id, string sandbox, string uid, string node) => new()
    {
        Id = id,
        SandboxId = sandbox,
        Name = "app",
        State = ContainerState.Running,
        Image = "busybox:local",
        Labels = new Dictionary<string, string> { [RuntimeLabels.PodUid] = uid, [RuntimeLabels.NodeName] = node },
    };

    private async Task<JsonObject> CreatePodAsync(string name, string node, string? spec = null)
    {
        var specObject = (JsonObject)JsonNode.Parse(spec ?? """{"containers":[{"name":"app","image":"busybox:local"}]}""")!;
        specObject["nodeName"] = node;
        return await Client.CreateAsync(ResourceRef.Pods, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["spec"] = specObject,
        });
    }

    private async Task<JsonObject?> TryGetAsync(ResourceRef resource, string? ns, string name)
    {
        try
        {
            return await Client.GetAsync(resource, ns, name);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    private async Task<JsonObject> WaitForNodeAsync(string name, Func<JsonObject, bool> done) =>
        (await WaitForAsync(() => TryGetAsync(ResourceRef.Nodes, null, name), n => n is not null && done(n)))!;

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not as expected within {Timeout}: {value}");
            }

            await Task.Delay(50);
        }
    }

    private static JsonObject? Condition(JsonObject node, string type) =>
        (node["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == type);

    private sealed class SwitchableHealth : INodeHealthProbe
    {
        public volatile NodeHealth Current = NodeHealth.Healthy;

        public NodeHealth Read() => Current;
    }
}
