using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Client;
using Orchestrator.Client.Informers;
using Orchestrator.Client.LeaderElection;
using Orchestrator.Controllers.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Orchestrator.Scheduler.Actors;
using Xunit;
using Xunit.Abstractions;
using static Orchestrator.Scheduler.Tests.TestSupport.ClusterObjects;

namespace Orchestrator.Scheduler.Tests.Actors;

/// <summary>
/// kube-scheduler as a cluster singleton against a real gateway: it takes the kube-system/kube-scheduler Lease,
/// schedules while it holds it, and on stop stops scheduling and then releases the Lease; a second candidate
/// schedules nothing while the first leads.
/// </summary>
public sealed class KubeSchedulerTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly KubeSchedulerSettings Settings = new()
    {
        LeaderElection = new LeaderElectionSettings { LeaseDuration = TimeSpan.FromSeconds(10), RenewDeadline = TimeSpan.FromSeconds(5), RetryPeriod = TimeSpan.FromMilliseconds(100) },
        Informers = new InformerSettings { InitialBackoff = TimeSpan.FromMilliseconds(5), MaxBackoff = TimeSpan.FromMilliseconds(50) },
    };

    private readonly List<IActorRef> _started = [];
    private TestGateway _gateway = null!;

    public KubeSchedulerTests(ITestOutputHelper output)
        : base(GatewaySystem.Config(), "kube-scheduler", output)
    {
    }

    private KubeClient Client => _gateway.Client;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(Sys);

    public async Task DisposeAsync()
    {
        foreach (var actor in _started)
        {
            await actor.GracefulStop(Timeout);
        }

        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task The_singleton_holds_the_Lease_schedules_and_releases_the_Lease_after_it_stops_scheduling()
    {
        await Client.CreateAsync(ResourceRef.Nodes, Node("node-a"));
        await Client.PatchAsync(ResourceRef.Nodes, null, "node-a", PatchType.Merge, new JsonObject { ["status"] = Node("node-a")["status"]!.DeepClone() }, "status");
        var singleton = KubeSchedulerSingleton.Start(Sys, KubeScheduler.Props(Client, Settings, "host_1"));

        await Client.CreateAsync(ResourceRef.Pods, Pod("web"));
        Assert.Equal("node-a", await WaitForAsync(async () => KubeObject.GetString(await Client.GetAsync(ResourceRef.Pods, "default", "web"), "spec", "nodeName")));
        var lease = await Client.GetAsync(ResourceRef.Leases, KubeScheduler.LeaseNamespace, KubeScheduler.LeaseName);
        Assert.Equal(("host_1", 10L), (KubeObject.GetString(lease, "spec", "holderIdentity"), KubeObject.GetInt64(lease, "spec", "leaseDurationSeconds")));
        var stats = await singleton.Proxy.Ask<SchedulerStats>(GetSchedulerStats.Instance, Timeout);
        Assert.Equal(1, stats.Bound);

        await singleton.StopAsync(Timeout);
        lease = await Client.GetAsync(ResourceRef.Leases, KubeScheduler.LeaseNamespace, KubeScheduler.LeaseName);
        Assert.Equal("", KubeObject.GetString(lease, "spec", "holderIdentity") ?? "");

        // Nothing schedules any more.
        await Client.CreateAsync(ResourceRef.Pods, Pod("after-stop"));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Null(KubeObject.GetString(await Client.GetAsync(ResourceRef.Pods, "default", "after-stop"), "spec", "nodeName"));
    }

    [Fact]
    public async Task A_second_candidate_does_not_schedule_while_the_first_holds_the_Lease()
    {
        var first = Sys.ActorOf(KubeScheduler.Props(Client, Settings, "host_1"), "first");
        _started.Add(first);
        await WaitForAsync(async () => KubeObject.GetString(await Client.GetAsync(ResourceRef.Leases, KubeScheduler.LeaseNamespace, KubeScheduler.LeaseName), "spec", "holderIdentity"));
        var second = Sys.ActorOf(KubeScheduler.Props(Client, Settings, "host_2"), "second");
        _started.Add(second);
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        await second.Ask<Status.Failure>(GetSchedulerStats.Instance, Timeout);
        await first.Ask<SchedulerStats>(GetSchedulerStats.Instance, Timeout);

        // The first hands over by releasing the Lease; the second then schedules.
        await first.GracefulStop(Timeout, StopKubeScheduler.Instance);
        await WaitForAsync(async () => KubeObject.GetString(await Client.GetAsync(ResourceRef.Leases, KubeScheduler.LeaseNamespace, KubeScheduler.LeaseName), "spec", "holderIdentity") is "host_2" ? "" : null);
        await WaitForAsync(async () =>
        {
            try
            {
                return await second.Ask<SchedulerStats>(GetSchedulerStats.Instance, Timeout);
            }
            catch (InvalidOperationException)
            {
                return null; // not leading yet
            }
        });
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            try
            {
                if (await probe() is { } value)
                {
                    return value;
                }
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                // Not there yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the condition did not hold in time");
            }

            await Task.Delay(50);
        }
    }
}
