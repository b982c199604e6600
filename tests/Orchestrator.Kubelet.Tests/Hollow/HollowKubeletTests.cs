using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Client;
using Orchestrator.Kubelet.Common;
using Orchestrator.Kubelet.Hollow;
using Orchestrator.Kubelet.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Kubelet.Tests.Hollow;

/// <summary>
/// The simulator against a real gateway over HTTP, through a real <see cref="KubeClient"/>: nodes register and
/// renew their Leases, pods bound to them run with addresses from their podCIDR, deleted pods go, a status
/// someone else changed is put back, and a failing API is retried with the lease controller's back-off.
/// The simulator runs in the test's local actor system with every message serialized, as in production it
/// runs in a process of its own; the gateway runs in another actor system (a one-member cluster).
/// </summary>
public sealed class HollowKubeletTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // Timings shrunk so that what takes the kubelet seconds takes the tests a fraction of one.
    private const string FastTimings = """
        orchestrator.kubelet.node-lease.renew-interval = 200ms
        orchestrator.kubelet.node-status-update-frequency = 200ms
        orchestrator.simulate.pod-stop-time = 100ms
        orchestrator.simulate.name-prefix = sim
        """;

    private const string Simulator = """
        akka.loglevel = WARNING
        akka.actor.provider = local
        akka.actor.serialize-messages = on
        """;

    private readonly List<IActorRef> _simulators = [];
    private readonly List<IDisposable> _clients = [];
    private TestGateway _gateway = null!;

    public HollowKubeletTests(ITestOutputHelper output)
        : base(Akka.Configuration.ConfigurationFactory.ParseString(Simulator), "hollow-kubelet-tests", output)
    {
    }

    private KubeClient Client => _gateway.Client;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync()
    {
        // The simulators first: their watches are requests the HTTP server would otherwise wait for as it stops.
        foreach (var kubelet in _simulators)
        {
            await StopAsync(kubelet);
        }

        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task Nodes_register_Ready_and_renew_their_Leases_on_the_kubelets_timing()
    {
        var from = await RevisionAsync(ResourceRef.Leases, NodeLeaseObject.Namespace);
        Start(3);

        // Each Lease is created, then renewed every renew-interval: three renewals of each are enough to see it.
        var renewals = new Dictionary<string, List<DateTimeOffset>>();
        await WatchUntilAsync(ResourceRef.Leases, NodeLeaseObject.Namespace, from, e =>
        {
            var times = renewals.TryGetValue(KubeObject.Name(e.Object)!, out var list) ? list : renewals[KubeObject.Name(e.Object)!] = [];
            times.Add(NodeLeaseObject.RenewTime(e.Object)!.Value);
            return renewals.Count == 3 && renewals.Values.All(t => t.Count >= 3);
        });

        var nodes = (await Client.ListAsync(ResourceRef.Nodes)).Items.ToDictionary(n => KubeObject.Name(n)!);
        Assert.Equal(["sim-0", "sim-1", "sim-2"], nodes.Keys.Order());
        foreach (var (name, times) in renewals)
        {
            var lease = await Client.GetAsync(ResourceRef.Leases, NodeLeaseObject.Namespace, name);
            Assert.Equal(name, KubeObject.GetString(lease, "spec", "holderIdentity"));
            Assert.Equal(40, KubeObject.GetInt64(lease, "spec", "leaseDurationSeconds"));
            Assert.Equal(KubeObject.Uid(nodes[name]), lease["metadata"]!["ownerReferences"]![0]!["uid"]!.GetValue<string>());

            // Renewed a renew-interval after the last renewal was answered, never sooner.
            Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromMilliseconds(180), $"{name} renewed after {(pair.Second - pair.First).TotalMilliseconds} ms"));
        }

        foreach (var (name, node) in nodes)
        {
            Assert.Equal("True", Condition(node, "Ready")["status"]!.GetValue<string>());
            Assert.Equal("KubeletReady", Condition(node, "Ready")["reason"]!.GetValue<string>());
            Assert.Equal("False", Condition(node, "MemoryPressure")["status"]!.GetValue<string>());
            Assert.Equal("False", Condition(node, "DiskPressure")["status"]!.GetValue<string>());
            Assert.Equal("False", Condition(node, "PIDPressure")["status"]!.GetValue<string>());
            Assert.Equal(name, KubeObject.Labels(node)["kubernetes.io/hostname"]);
            Assert.Equal("simulated", KubeObject.Labels(node)["node.kubernetes.io/instance-type"]);
            Assert.Equal("8", KubeObject.GetString(node, "status", "capacity", "cpu"));
            Assert.Equal("110", KubeObject.GetString(node, "status", "allocatable", "pods"));
            Assert.Equal("v1.32.0", KubeObject.GetString(node, "status", "nodeInfo", "kubeletVersion"));
            Assert.StartsWith("127.1.0.", node["status"]!["addresses"]![0]!["address"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_pod_bound_through_the_binding_subresource_runs_with_an_address_from_the_nodes_podCIDR()
    {
        // As a node IPAM controller would have, before the kubelet started: the simulated node adopts its Node.
        await Client.CreateAsync(ResourceRef.Nodes, Json("""{"metadata":{"name":"sim-0","labels":{"team":"a"}},"spec":{"podCIDR":"100.64.5.0/24","podCIDRs":["100.64.5.0/24"]}}"""));
        Start(1);

        var web = await RunPodAsync("web", "sim-0", """
            {"initContainers":[{"name":"setup","image":"busybox:local"}],
             "containers":[{"name":"app","image":"nginx:1.27"},{"name":"log","image":"busybox:local"}]}
            """);

        var status = web["status"]!;
        Assert.Equal("100.64.5.2", status["podIP"]!.GetValue<string>());
        Assert.Equal("100.64.5.2", status["podIPs"]![0]!["ip"]!.GetValue<string>());
        Assert.Equal("127.1.0.1", status["hostIP"]!.GetValue<string>());
        Assert.Equal("BestEffort", status["qosClass"]!.GetValue<string>());
        Assert.NotNull(status["startTime"]);
        foreach (var type in (string[])["PodScheduled", "Initialized", "ContainersReady", "Ready"])
        {
            Assert.Equal("True", Condition(web, type)["status"]!.GetValue<string>());
        }

        var app = status["containerStatuses"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "app")!;
        Assert.True(app["ready"]!.GetValue<bool>());
        Assert.True(app["started"]!.GetValue<bool>());
        Assert.NotNull(app["state"]!["running"]!["startedAt"]);
        Assert.Equal("nginx:1.27", app["image"]!.GetValue<string>());
        Assert.Equal($"simulated://{KubeObject.Uid(web)}-app", app["containerID"]!.GetValue<string>());
        Assert.Equal("Completed", status["initContainerStatuses"]![0]!["state"]!["terminated"]!["reason"]!.GetValue<string>());

        // The next pod gets the next address; the Node kept what it had and got the kubelet's labels.
        var api = await RunPodAsync("api", "sim-0");
        Assert.Equal("100.64.5.3", KubeObject.GetString(api, "status", "podIP"));
        var node = await Client.GetAsync(ResourceRef.Nodes, null, "sim-0");
        Assert.Equal("a", KubeObject.Labels(node)["team"]);
        Assert.Equal("sim-0", KubeObject.Labels(node)["kubernetes.io/hostname"]);
        Assert.Equal("100.64.5.0/24", KubeObject.GetString(node, "spec", "podCIDR"));
    }

    [Fact]
    public async Task A_pod_on_a_node_without_podCIDR_gets_a_loopback_address_and_a_host_network_pod_the_nodes()
    {
        Start(2);

        var pod = await RunPodAsync("web", "sim-1");

        Assert.Equal("127.128.1.2", KubeObject.GetString(pod, "status", "podIP"));
        Assert.Equal("127.1.0.2", KubeObject.GetString(pod, "status", "hostIP"));

        // A host-network pod has its node's address and takes none from the range.
        var host = await RunPodAsync("host", "sim-1", """{"hostNetwork":true,"containers":[{"name":"app","image":"busybox:local"}]}""");
        Assert.Equal("127.1.0.2", KubeObject.GetString(host, "status", "podIP"));
        Assert.Equal("127.128.1.3", KubeObject.GetString(await RunPodAsync("next", "sim-1"), "status", "podIP"));
    }

    [Fact]
    public async Task A_deleted_pod_is_removed_after_the_simulated_stop_time_instead_of_its_grace_period()
    {
        Start(1);
        var pod = await RunPodAsync("web", "sim-0");

        var deleting = await Client.DeleteAsync(ResourceRef.Pods, "default", "web");
        Assert.NotNull(KubeObject.DeletionTimestamp(deleting));
        Assert.Equal(30, KubeObject.GetInt64(deleting, "metadata", "deletionGracePeriodSeconds"));

        // Gone for good well within its 30 s grace period: the simulated containers stopped after 100 ms.
        var watch = Stopwatch.StartNew();
        await WatchUntilAsync(ResourceRef.Pods, "default", KubeObject.ResourceVersion(deleting)!, e => e.Type == WatchEventType.Deleted && KubeObject.Name(e.Object) == "web", TimeSpan.FromSeconds(20));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20));
        var notFound = await Assert.ThrowsAsync<KubeApiException>(() => Client.GetAsync(ResourceRef.Pods, "default", "web"));
        Assert.True(notFound.IsNotFound);

        // A pod of the same name made afterwards is a new pod, and runs.
        var again = await RunPodAsync("web", "sim-0");
        Assert.NotEqual(KubeObject.Uid(pod), KubeObject.Uid(again));
    }

    [Fact]
    public async Task A_node_status_someone_else_changed_is_posted_again()
    {
        var from = await RevisionAsync(ResourceRef.Nodes, null);
        Start(1);
        var registered = await WatchUntilAsync(ResourceRef.Nodes, null, from, e => IsReady(e.Object));
        var readySince = Condition(registered, "Ready")["lastTransitionTime"]!.GetValue<string>();

        // As the node lifecycle controller does when it misses a node's heartbeats.
        var unknown = await Client.PatchAsync(ResourceRef.Nodes, null, "sim-0", PatchType.Json,
            JsonNode.Parse("""[{"op":"replace","path":"/status/conditions/3/status","value":"Unknown"},{"op":"replace","path":"/status/conditions/3/reason","value":"NodeStatusUnknown"}]""")!, "status");
        Assert.False(IsReady(unknown));

        var restored = await WatchUntilAsync(ResourceRef.Nodes, null, KubeObject.ResourceVersion(unknown)!, e => IsReady(e.Object));
        Assert.Equal("KubeletReady", Condition(restored, "Ready")["reason"]!.GetValue<string>());
        Assert.True(string.CompareOrdinal(Condition(restored, "Ready")["lastTransitionTime"]!.GetValue<string>(), readySince) >= 0);
    }

    [Fact]
    public async Task An_unchanged_status_is_not_posted_again_before_the_report_frequency()
    {
        var nodesFrom = await RevisionAsync(ResourceRef.Nodes, null);
        var leasesFrom = await RevisionAsync(ResourceRef.Leases, NodeLeaseObject.Namespace);
        Start(1);
        await WatchUntilAsync(ResourceRef.Nodes, null, nodesFrom, e => IsReady(e.Object));

        // Someone else changes the Node, but not its status: the node sees it through its watch and has nothing to post.
        var labelled = await Client.PatchAsync(ResourceRef.Nodes, null, "sim-0", PatchType.Merge, Json("""{"metadata":{"labels":{"rack":"r1"}}}"""));

        // The Lease is the clock: five renewals 200 ms apart span several status checks (every 200 ms too).
        var renewals = 0;
        await WatchUntilAsync(ResourceRef.Leases, NodeLeaseObject.Namespace, leasesFrom, _ => ++renewals == 5);

        var now = await Client.GetAsync(ResourceRef.Nodes, null, "sim-0");
        Assert.Equal(KubeObject.ResourceVersion(labelled), KubeObject.ResourceVersion(now));
    }

    [Fact]
    public async Task The_heartbeat_is_posted_at_the_report_frequency_even_when_nothing_changed()
    {
        var from = await RevisionAsync(ResourceRef.Nodes, null);
        Start(1, "orchestrator.kubelet.node-status-report-frequency = 1s");
        var registered = await WatchUntilAsync(ResourceRef.Nodes, null, from, e => IsReady(e.Object));
        var heartbeat = Condition(registered, "Ready")["lastHeartbeatTime"]!.GetValue<string>();

        var next = await WatchUntilAsync(ResourceRef.Nodes, null, KubeObject.ResourceVersion(registered)!,
            e => Condition(e.Object, "Ready")["lastHeartbeatTime"]!.GetValue<string>() != heartbeat);

        // Only the heartbeat moved: the condition has held since registration.
        Assert.True(string.CompareOrdinal(Condition(next, "Ready")["lastHeartbeatTime"]!.GetValue<string>(), heartbeat) > 0);
        Assert.Equal(Condition(registered, "Ready")["lastTransitionTime"]!.GetValue<string>(), Condition(next, "Ready")["lastTransitionTime"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_failing_API_is_retried_with_a_back_off_that_doubles_from_200ms()
    {
        // The first three attempts to create the Lease fail as an overloaded API server answers.
        var faulty = new FaultyLeaseClient(_gateway.NewClient(), failures: 3);
        var from = await RevisionAsync(ResourceRef.Leases, NodeLeaseObject.Namespace);
        Start(1, "orchestrator.kubelet.node-lease.renew-interval = 10s", faulty);

        await WatchUntilAsync(ResourceRef.Leases, NodeLeaseObject.Namespace, from, e => KubeObject.Name(e.Object) == "sim-0");

        var attempts = faulty.Attempts;
        Assert.Equal(4, attempts.Count);
        var gaps = attempts.Zip(attempts.Skip(1), (a, b) => b - a).ToList();
        Assert.All(gaps.Zip([200, 400, 800]), g => Assert.True(g.First >= TimeSpan.FromMilliseconds(g.Second - 20), $"retried after {g.First.TotalMilliseconds} ms, expected at least {g.Second}"));
    }

    [Fact]
    public async Task A_simulator_started_again_keeps_its_pods_running_at_their_addresses()
    {
        var first = Start(1);
        var web = await RunPodAsync("web", "sim-0");
        Assert.Equal("127.128.0.2", KubeObject.GetString(web, "status", "podIP"));
        await StopAsync(first);

        Start(1);
        var api = await RunPodAsync("api", "sim-0");

        Assert.Equal("127.128.0.3", KubeObject.GetString(api, "status", "podIP"));
        var still = await Client.GetAsync(ResourceRef.Pods, "default", "web");
        Assert.Equal(KubeObject.ResourceVersion(web), KubeObject.ResourceVersion(still));
    }

    /// <summary>Starts a simulator of <paramref name="nodes"/> nodes on its own client (another process's, in effect).</summary>
    private IActorRef Start(int nodes, string overrides = "", FaultyLeaseClient? faulty = null)
    {
        var settings = TestSettings.From(FastTimings + "\n" + overrides);
        IKubeClient http = faulty ?? (IKubeClient)_gateway.NewClient();
        _clients.Add((IDisposable)http);
        var throttled = new ThrottledKubeClient(http, settings.MaxRequestsInFlight);
        _clients.Add(throttled);
        var kubelet = Sys.ActorOf(HollowKubelet.Props(throttled, settings, nodes), $"hollow-kubelet-{_simulators.Count}");
        _simulators.Add(kubelet);
        return kubelet;
    }

    private async Task StopAsync(IActorRef kubelet)
    {
        Watch(kubelet);
        Sys.Stop(kubelet);
        await ExpectTerminatedAsync(kubelet, Timeout);
    }

    /// <summary>Creates a pod, binds it to <paramref name="node"/> through pods/binding, and waits until it runs.</summary>
    private async Task<JsonObject> RunPodAsync(string name, string node, string? spec = null)
    {
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["spec"] = JsonNode.Parse(spec ?? """{"containers":[{"name":"app","image":"busybox:local"}]}"""),
        };
        var created = await Client.CreateAsync(ResourceRef.Pods, pod);
        await Client.CreateSubresourceAsync(ResourceRef.Pods, "default", name, "binding",
            new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Binding",
                ["metadata"] = new JsonObject { ["name"] = name },
                ["target"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["name"] = node },
            });
        return await WatchUntilAsync(ResourceRef.Pods, "default", KubeObject.ResourceVersion(created)!,
            e => KubeObject.Name(e.Object) == name && KubeObject.GetString(e.Object, "status", "phase") == "Running");
    }

    private async Task<string> RevisionAsync(ResourceRef resource, string? ns) => (await Client.ListAsync(resource, ns)).ResourceVersion!;

    /// <summary>Watches from <paramref name="from"/> until an ADDED, MODIFIED or DELETED event satisfies <paramref name="done"/>; returns its object.</summary>
    private async Task<JsonObject> WatchUntilAsync(ResourceRef resource, string? ns, string from, Func<WatchEvent, bool> done, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Timeout);
        try
        {
            await foreach (var e in Client.WatchAsync(resource, ns, new WatchOptions { ResourceVersion = from }, cts.Token))
            {
                if (e.Type is WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted && done(e))
                {
                    return e.Object;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        throw new TimeoutException($"watching {resource} from {from}: no matching event within {timeout ?? Timeout}");
    }

    private static bool IsReady(JsonObject node) =>
        node["status"]?["conditions"] is JsonArray conditions
        && conditions.Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True");

    private static JsonObject Condition(JsonObject obj, string type) =>
        obj["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == type)!.AsObject();

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    /// <summary>The real client, except that the first few Lease creates fail with 503 and every Lease create is timed.</summary>
    private sealed class FaultyLeaseClient(KubeClient inner, int failures) : IKubeClient, IDisposable
    {
        private readonly List<TimeSpan> _attempts = [];
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private int _failures = failures;

        public IReadOnlyList<TimeSpan> Attempts
        {
            get
            {
                lock (_attempts)
                {
                    return [.. _attempts];
                }
            }
        }

        public string DefaultNamespace => inner.DefaultNamespace;

        public Task<JsonObject> CreateAsync(ResourceRef resource, JsonObject obj, CancellationToken cancellationToken = default)
        {
            if (resource == ResourceRef.Leases)
            {
                lock (_attempts)
                {
                    _attempts.Add(_clock.Elapsed);
                }

                if (Interlocked.Decrement(ref _failures) >= 0)
                {
                    return Task.FromException<JsonObject>(new KubeApiException(HttpStatusCode.ServiceUnavailable, new KubeStatus { Code = 503, Reason = "ServiceUnavailable", Message = "injected" }));
                }
            }

            return inner.CreateAsync(resource, obj, cancellationToken);
        }

        public Task<JsonObject> GetAsync(ResourceRef resource, string? ns, string name, CancellationToken cancellationToken = default) => inner.GetAsync(resource, ns, name, cancellationToken);

        public Task<ListResult> ListAsync(ResourceRef resource, string? ns = null, ListOptions? options = null, CancellationToken cancellationToken = default) => inner.ListAsync(resource, ns, options, cancellationToken);

        public Task<JsonObject> CreateSubresourceAsync(ResourceRef resource, string? ns, string name, string subresource, JsonObject body, CancellationToken cancellationToken = default) => inner.CreateSubresourceAsync(resource, ns, name, subresource, body, cancellationToken);

        public Task<JsonObject> UpdateAsync(ResourceRef resource, JsonObject obj, CancellationToken cancellationToken = default) => inner.UpdateAsync(resource, obj, cancellationToken);

        public Task<JsonObject> UpdateStatusAsync(ResourceRef resource, JsonObject obj, CancellationToken cancellationToken = default) => inner.UpdateStatusAsync(resource, obj, cancellationToken);

        public Task<JsonObject> UpdateSubresourceAsync(ResourceRef resource, JsonObject obj, string subresource, CancellationToken cancellationToken = default) => inner.UpdateSubresourceAsync(resource, obj, subresource, cancellationToken);

        public Task<JsonObject> PatchAsync(ResourceRef resource, string? ns, string name, PatchType patchType, JsonNode patch, string? subresource = null, CancellationToken cancellationToken = default) => inner.PatchAsync(resource, ns, name, patchType, patch, subresource, cancellationToken);

        public Task<JsonObject> DeleteAsync(ResourceRef resource, string? ns, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default) => inner.DeleteAsync(resource, ns, name, options, cancellationToken);

        public Task<JsonObject> DeleteCollectionAsync(ResourceRef resource, string? ns, ListOptions? selection = null, DeleteOptions? options = null, CancellationToken cancellationToken = default) => inner.DeleteCollectionAsync(resource, ns, selection, options, cancellationToken);

        public IAsyncEnumerable<WatchEvent> WatchAsync(ResourceRef resource, string? ns = null, WatchOptions? options = null, CancellationToken cancellationToken = default) => inner.WatchAsync(resource, ns, options, cancellationToken);

        public Task<string> GetRawAsync(string path, CancellationToken cancellationToken = default) => inner.GetRawAsync(path, cancellationToken);

        public void Dispose() => inner.Dispose();
    }
}
