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
/// Preemption carried out against a real gateway: a high-priority pod that fits nowhere is nominated to the
/// node where evicting lower-priority pods makes room, those pods are deleted gracefully (they stay until
/// their kubelet confirms) with Preempted Events, and the pod is bound there once they are gone.
/// </summary>
public sealed class PreemptionTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly KubeSchedulerSettings Settings = new()
    {
        Queue = new QueueSettings { InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(200), MaxInUnschedulable = TimeSpan.FromMinutes(10) },
        Informers = new InformerSettings { InitialBackoff = TimeSpan.FromMilliseconds(5), MaxBackoff = TimeSpan.FromMilliseconds(50) },
    };

    private TestGateway _gateway = null!;
    private IActorRef? _scheduler;

    public PreemptionTests(ITestOutputHelper output)
        : base(GatewaySystem.Config(), "preemption", output)
    {
    }

    private KubeClient Client => _gateway.Client;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(Sys);

    public async Task DisposeAsync()
    {
        if (_scheduler is not null)
        {
            await _scheduler.GracefulStop(Timeout);
        }

        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task A_higher_priority_pod_evicts_lower_ones_gracefully_and_takes_their_place()
    {
        await Client.CreateAsync(ResourceRef.Nodes, Node("node-a", cpu: "2"));
        await Client.PatchAsync(ResourceRef.Nodes, null, "node-a", PatchType.Merge, new JsonObject { ["status"] = Node("node-a", cpu: "2")["status"]!.DeepClone() }, "status");
        await Client.CreateAsync(PriorityClasses, PriorityClass("low", 10));
        await Client.CreateAsync(PriorityClasses, PriorityClass("high", 1000));
        _scheduler = Sys.ActorOf(SchedulerActor.Props(Client, Settings, new Random(3)), "scheduler");
        await Client.CreateAsync(ResourceRef.Pods, Pod("low-1", cpu: "1", priorityClassName: "low"));
        await Client.CreateAsync(ResourceRef.Pods, Pod("low-2", cpu: "1", priorityClassName: "low"));
        await WaitForAsync(async () => (await Client.ListAsync(ResourceRef.Pods, "default")).Items.All(p => KubeObject.GetString(p, "spec", "nodeName") is not null) ? "" : null);

        await Client.CreateAsync(ResourceRef.Pods, Pod("important", cpu: "2", priorityClassName: "high"));

        // Nominated, and both victims terminating (a bound pod waits for its kubelet).
        var nominated = await WaitForAsync(async () => KubeObject.GetString(await Client.GetAsync(ResourceRef.Pods, "default", "important"), "status", "nominatedNodeName"));
        Assert.Equal("node-a", nominated);
        foreach (var victim in new[] { "low-1", "low-2" })
        {
            await WaitForAsync(async () => KubeObject.DeletionTimestamp(await Client.GetAsync(ResourceRef.Pods, "default", victim)));
        }

        var preempted = await WaitForAsync(async () =>
        {
            var events = (await Client.ListAsync(ResourceRef.Events, "default")).Items.Where(e => KubeObject.GetString(e, "reason") == "Preempted").ToList();
            return events.Count == 2 ? events : null;
        });
        var important = await Client.GetAsync(ResourceRef.Pods, "default", "important");
        Assert.All(preempted, e => Assert.Equal($"Preempted by pod {KubeObject.Uid(important)} on node node-a", KubeObject.GetString(e, "message")));
        Assert.Null(KubeObject.GetString(important, "spec", "nodeName"));

        // The kubelet finishes the victims; the pod then goes where they were.
        foreach (var victim in new[] { "low-1", "low-2" })
        {
            await Client.DeleteAsync(ResourceRef.Pods, "default", victim, new DeleteOptions { GracePeriodSeconds = 0 });
        }

        Assert.Equal("node-a", await WaitForAsync(async () => KubeObject.GetString(await Client.GetAsync(ResourceRef.Pods, "default", "important"), "spec", "nodeName")));
        var stats = await _scheduler.Ask<SchedulerStats>(GetSchedulerStats.Instance, Timeout);
        Assert.Equal(1, stats.Preemptions);
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        var deadline = DateTime.UtcNow + Timeout;
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
