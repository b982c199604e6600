using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Client;
using Orchestrator.Client.Informers;
using Orchestrator.Controllers.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Orchestrator.Scheduler.Actors;
using Orchestrator.Scheduler.Queue;
using Xunit;
using Xunit.Abstractions;
using static Orchestrator.Scheduler.Tests.TestSupport.ClusterObjects;

namespace Orchestrator.Scheduler.Tests.Actors;

/// <summary>
/// The scheduler actor against a real gateway over HTTP: pending pods are bound (spread over the nodes, each
/// once), Events say so, a pod that fits nowhere gets FailedScheduling and is bound as soon as a node it fits
/// appears, higher priorities go first, and pods of other schedulers are left alone.
/// </summary>
public sealed class SchedulerActorTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // The queue's back-off shrunk, but pods left unschedulable for longer than any test runs: a pod that
    // is bound after a node appears was moved back by the node's arrival, not by a periodic retry.
    private static readonly KubeSchedulerSettings Settings = new()
    {
        Queue = new QueueSettings { InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(200), MaxInUnschedulable = TimeSpan.FromMinutes(10) },
        Informers = new InformerSettings { InitialBackoff = TimeSpan.FromMilliseconds(5), MaxBackoff = TimeSpan.FromMilliseconds(50) },
    };

    private TestGateway _gateway = null!;

    private IActorRef? _scheduler;

    public SchedulerActorTests(ITestOutputHelper output)
        : base(GatewaySystem.Config(), "scheduler-actor", output)
    {
    }

    private KubeClient Client => _gateway.Client;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(Sys);

    public async Task DisposeAsync()
    {
        // The scheduler's informers first: their watches are requests the HTTP server would wait for as it stops.
        if (_scheduler is not null)
        {
            await _scheduler.GracefulStop(Timeout);
        }

        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task Pending_pods_are_bound_spread_over_the_nodes_each_once_with_Scheduled_events()
    {
        foreach (var node in new[] { "node-a", "node-b", "node-c" })
        {
            await CreateNodeAsync(Node(node, cpu: "4"));
        }

        StartScheduler();
        for (var i = 0; i < 6; i++)
        {
            await Client.CreateAsync(ResourceRef.Pods, Pod($"web-{i}", cpu: "1"));
        }

        var pods = await WaitForAsync(async () =>
        {
            var list = await Client.ListAsync(ResourceRef.Pods, "default");
            return list.Items.All(pod => KubeObject.GetString(pod, "spec", "nodeName") is { Length: > 0 }) ? list.Items : null;
        });

        // Least allocated first: two pods of 1 cpu on each 4-cpu node.
        var perNode = pods.GroupBy(pod => KubeObject.GetString(pod, "spec", "nodeName")).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["node-a"] = 2, ["node-b"] = 2, ["node-c"] = 2 }, perNode);

        var events = await WaitForAsync(async () =>
        {
            var list = (await Client.ListAsync(ResourceRef.Events, "default")).Items.Where(e => KubeObject.GetString(e, "reason") == "Scheduled").ToList();
            return list.Count == 6 ? list : null;
        });
        var web0 = Assert.Single(events, e => KubeObject.GetString(e, "involvedObject", "name") == "web-0");
        var node0 = KubeObject.GetString(pods.Single(p => KubeObject.Name(p) == "web-0"), "spec", "nodeName");
        Assert.Equal($"Successfully assigned default/web-0 to {node0}", KubeObject.GetString(web0, "message"));
        Assert.Equal(("Normal", "default-scheduler"), (KubeObject.GetString(web0, "type"), KubeObject.GetString(web0, "source", "component")));

        var stats = await StatsAsync();
        Assert.Equal((6L, 6L, 0L, 0L), (stats.Scheduled, stats.Bound, stats.BindingsRefused, stats.BindingsFailed));
    }

    [Fact]
    public async Task A_pod_that_fits_nowhere_gets_FailedScheduling_and_is_bound_once_a_node_it_fits_appears()
    {
        await CreateNodeAsync(Node("small", cpu: "1"));
        StartScheduler();
        await Client.CreateAsync(ResourceRef.Pods, Pod("big", cpu: "2"));

        var failed = await WaitForAsync(async () => (await Client.ListAsync(ResourceRef.Events, "default")).Items
            .FirstOrDefault(e => KubeObject.GetString(e, "reason") == "FailedScheduling"));
        Assert.Equal(
            "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
            KubeObject.GetString(failed, "message"));
        Assert.Equal("Warning", KubeObject.GetString(failed, "type"));
        Assert.Null(KubeObject.GetString(await Client.GetAsync(ResourceRef.Pods, "default", "big"), "spec", "nodeName"));
        var condition = await WaitForAsync(async () => (KubeObject.Get(await Client.GetAsync(ResourceRef.Pods, "default", "big"), "status", "conditions") as JsonArray)?
            .OfType<JsonObject>().FirstOrDefault(c => KubeObject.GetString(c, "type") == "PodScheduled"));
        Assert.Equal(("False", "Unschedulable", KubeObject.GetString(failed, "message")),
            (KubeObject.GetString(condition, "status"), KubeObject.GetString(condition, "reason"), KubeObject.GetString(condition, "message")));

        // Unschedulable pods wait 10 minutes here unless a change may help: the new node does.
        await CreateNodeAsync(Node("large", cpu: "8"));
        var bound = await WaitForAsync(async () => KubeObject.GetString(await Client.GetAsync(ResourceRef.Pods, "default", "big"), "spec", "nodeName"),
            TimeSpan.FromSeconds(5));
        Assert.Equal("large", bound);
    }

    [Fact]
    public async Task Higher_priority_pods_are_scheduled_first()
    {
        // Room for one pod: whichever is scheduled first takes it.
        await CreateNodeAsync(Node("only", cpu: "1"));
        foreach (var (name, value) in new[] { ("low", 10), ("middle", 100), ("high", 1000) })
        {
            await Client.CreateAsync(PriorityClasses, PriorityClass(name, value, preemptionPolicy: "Never"));
        }

        await Client.CreateAsync(ResourceRef.Pods, Pod("low", cpu: "1", priorityClassName: "low"));
        await Client.CreateAsync(ResourceRef.Pods, Pod("high", cpu: "1", priorityClassName: "high"));
        await Client.CreateAsync(ResourceRef.Pods, Pod("middle", cpu: "1", priorityClassName: "middle"));
        StartScheduler();

        var bound = await WaitForAsync(async () => (await Client.ListAsync(ResourceRef.Pods, "default")).Items
            .FirstOrDefault(pod => KubeObject.GetString(pod, "spec", "nodeName") is { Length: > 0 }));
        Assert.Equal("high", KubeObject.Name(bound));
        var stats = await WaitForAsync(async () => await StatsAsync() is { UnschedulablePods: 2 } s ? s : null);
        Assert.Equal(1, stats.Bound);
    }

    [Fact]
    public async Task Many_pods_are_each_bound_exactly_once_and_pods_of_other_schedulers_are_left_alone()
    {
        for (var n = 0; n < 5; n++)
        {
            await CreateNodeAsync(Node($"node-{n}", cpu: "16", pods: 110));
        }

        await Client.CreateAsync(ResourceRef.Pods, Pod("custom", schedulerName: "my-scheduler"));
        StartScheduler();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async worker =>
        {
            for (var i = worker; i < 200; i += 8)
            {
                await Client.CreateAsync(ResourceRef.Pods, Pod($"p-{i}", cpu: "100m"));
            }
        }));

        var stats = await WaitForAsync(async () => await StatsAsync() is { Bound: 200, BindingsInFlight: 0 } s ? s : null);
        Assert.Equal((200L, 0L, 0L), (stats.Scheduled, stats.BindingsRefused, stats.BindingsFailed));
        var pods = (await Client.ListAsync(ResourceRef.Pods, "default")).Items;
        Assert.All(pods.Where(p => KubeObject.Name(p) != "custom"), pod => Assert.NotNull(KubeObject.GetString(pod, "spec", "nodeName")));
        Assert.Null(KubeObject.GetString(pods.Single(p => KubeObject.Name(p) == "custom"), "spec", "nodeName"));

        // 200 pods of 100m over five 16-cpu nodes: least allocated keeps them within a few of 40 each.
        var perNode = pods.Where(p => KubeObject.Name(p) != "custom").GroupBy(p => KubeObject.GetString(p, "spec", "nodeName")).Select(g => g.Count()).ToList();
        Assert.Equal(5, perNode.Count);
        Assert.All(perNode, count => Assert.InRange(count, 35, 45));
    }

    [Fact]
    public async Task ExplainPod_shows_each_nodes_filter_verdict_for_a_pending_pod()
    {
        await CreateNodeAsync(Node("tiny", cpu: "500m"));
        var cordoned = Node("cordoned", cpu: "8");
        cordoned["spec"]!["unschedulable"] = true;
        await CreateNodeAsync(cordoned);
        StartScheduler();
        await Client.CreateAsync(ResourceRef.Pods, Pod("waiting", cpu: "1"));
        await WaitForAsync(async () => await StatsAsync() is { UnschedulablePods: 1 } s ? s : null);

        var explanation = await _scheduler!.Ask<PodExplanation>(new ExplainPod("default", "waiting"), Timeout);

        Assert.Equal("Pending", explanation.State);
        Assert.Equal("0/2 nodes are available: 1 Insufficient cpu, 1 node(s) were unschedulable.", explanation.FailureMessage);
        Assert.Equal(
            [("cordoned", "NodeUnschedulable", "node(s) were unschedulable"), ("tiny", "NodeResourcesFit", "Insufficient cpu")],
            explanation.Nodes.OrderBy(n => n.Node, StringComparer.Ordinal).Select(n => (n.Node, n.Plugin, n.Reason)).ToList());
        Assert.Contains("tiny: NodeResourcesFit: Insufficient cpu", explanation.Text, StringComparison.Ordinal);
    }

    /// <summary>A node as a kubelet registers it: the object, then its status (the API ignores status on create).</summary>
    private async Task CreateNodeAsync(JsonObject node)
    {
        await Client.CreateAsync(ResourceRef.Nodes, node);
        await Client.PatchAsync(ResourceRef.Nodes, null, KubeObject.Name(node)!, PatchType.Merge, new JsonObject { ["status"] = node["status"]!.DeepClone() }, "status");
    }

    private void StartScheduler() => _scheduler = Sys.ActorOf(SchedulerActor.Props(Client, Settings, new Random(7)), "scheduler");

    private async Task<SchedulerStats> StatsAsync() => await _scheduler!.Ask<SchedulerStats>(GetSchedulerStats.Instance, Timeout);

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan? timeout = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the condition did not hold in time");
            }

            await Task.Delay(50);
        }
    }
}
