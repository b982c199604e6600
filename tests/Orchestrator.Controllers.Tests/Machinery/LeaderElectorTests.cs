using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.TestKit;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Client;
using Orchestrator.Controllers.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;
using Orchestrator.Client.Events;
using Orchestrator.Client.LeaderElection;

namespace Orchestrator.Controllers.Tests.Machinery;

/// <summary>
/// Leader election over a real Lease on a real gateway, with timings shrunk (a 1 s lease renewed every 100 ms):
/// the Lease is created and renewed under the holder's identity; a second candidate waits while it is held and
/// takes it when released or lapsed; a leader that cannot renew stops leading.
/// </summary>
public sealed class LeaderElectorTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private const string Lease = "kube-controller-manager";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly LeaderElectionSettings Fast = new()
    {
        LeaseDuration = TimeSpan.FromSeconds(1),
        RenewDeadline = TimeSpan.FromMilliseconds(600),
        RetryPeriod = TimeSpan.FromMilliseconds(100),
    };

    private readonly List<IActorRef> _electors = [];
    private TestGateway _gateway = null!;

    public LeaderElectorTests(ITestOutputHelper output)
        : base(GatewaySystem.Config(), "leader-elector", output)
    {
    }

    private KubeClient Client => _gateway.Client;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(Sys);

    public async Task DisposeAsync()
    {
        foreach (var elector in _electors)
        {
            await elector.GracefulStop(Timeout);
        }

        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task A_candidate_creates_the_Lease_under_its_identity_and_renews_it()
    {
        var probe = CreateTestProbe();
        StartElector("host-a_1", probe, Client);
        probe.ExpectMsg<NewLeader>(m => Assert.Equal("host-a_1", m.Identity), Timeout);
        probe.ExpectMsg<StartedLeading>(m => Assert.Equal("host-a_1", m.Identity), Timeout);

        var lease = await LeaseAsync();
        Assert.Equal(("host-a_1", 1L, 0L), (KubeObject.GetString(lease, "spec", "holderIdentity"), KubeObject.GetInt64(lease, "spec", "leaseDurationSeconds"), KubeObject.GetInt64(lease, "spec", "leaseTransitions")));
        var acquired = KubeObject.GetString(lease, "spec", "acquireTime")!;
        var renewed = KubeObject.GetString(lease, "spec", "renewTime")!;
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", renewed);

        // Renewed: a later renewTime, the same holder and acquireTime.
        await AwaitConditionAsync(async () => string.CompareOrdinal(KubeObject.GetString(await LeaseAsync(), "spec", "renewTime"), renewed) > 0, Timeout, TimeSpan.FromMilliseconds(50));
        lease = await LeaseAsync();
        Assert.Equal(("host-a_1", acquired), (KubeObject.GetString(lease, "spec", "holderIdentity"), KubeObject.GetString(lease, "spec", "acquireTime")));
    }

    [Fact]
    public async Task A_second_candidate_waits_while_the_Lease_is_held_and_takes_it_once_it_is_released()
    {
        // A long lease, so that taking it over by its lapse could not pass for taking it once released.
        var settings = Fast with { LeaseDuration = TimeSpan.FromSeconds(10) };
        var first = CreateTestProbe();
        var a = StartElector("host-a_1", first, Client, settings);
        first.FishForMessage(m => m is StartedLeading, Timeout);

        var second = CreateTestProbe();
        var secondClient = new RecordingKubeClient(Client);
        StartElector("host-b_2", second, secondClient, settings);
        second.ExpectMsg<NewLeader>(m => Assert.Equal("host-a_1", m.Identity), Timeout);

        // Several attempts later, the second candidate has only looked.
        const string look = "get leases.coordination.k8s.io kube-system/kube-controller-manager";
        await AwaitConditionAsync(() => Task.FromResult(secondClient.Count(look) >= 4), Timeout, TimeSpan.FromMilliseconds(20));
        Assert.All(secondClient.Calls, c => Assert.Equal(look, c));
        Assert.False(second.HasMessages, "the second candidate started leading while the Lease was held");
        Assert.Equal("host-a_1", KubeObject.GetString(await LeaseAsync(), "spec", "holderIdentity"));

        // The leader gives the Lease up: the second candidate takes it without waiting for it to lapse.
        a.Tell(ReleaseLease.Instance, TestActor);
        ExpectMsg<LeaseReleased>(Timeout);
        second.FishForMessage(m => m is StartedLeading { Identity: "host-b_2" }, TimeSpan.FromSeconds(5));
        var lease = await LeaseAsync();
        Assert.Equal(("host-b_2", 1L), (KubeObject.GetString(lease, "spec", "holderIdentity"), KubeObject.GetInt64(lease, "spec", "leaseTransitions")));
    }

    [Fact]
    public async Task A_Lease_whose_holder_stopped_without_releasing_it_lapses_and_is_taken_over()
    {
        var first = CreateTestProbe();
        var a = StartElector("host-a_1", first, Client);
        first.FishForMessage(m => m is StartedLeading, Timeout);
        Watch(a);
        a.Tell(PoisonPill.Instance);
        ExpectTerminated(a, Timeout);
        _electors.Remove(a);

        var second = CreateTestProbe();
        var started = DateTimeOffset.UtcNow;
        StartElector("host-b_2", second, Client);
        second.ExpectMsg<NewLeader>(m => Assert.Equal("host-a_1", m.Identity), Timeout);
        second.FishForMessage(m => m is StartedLeading, Timeout);

        // It waited for the lease duration, measured from when it first saw the Lease.
        Assert.True(DateTimeOffset.UtcNow - started >= Fast.LeaseDuration, "the Lease was taken before it lapsed");
        var lease = await LeaseAsync();
        Assert.Equal(("host-b_2", 1L), (KubeObject.GetString(lease, "spec", "holderIdentity"), KubeObject.GetInt64(lease, "spec", "leaseTransitions")));
    }

    [Fact]
    public async Task A_leader_that_cannot_renew_within_the_renew_deadline_stops_leading()
    {
        var probe = CreateTestProbe();
        StartElector("host-a_1", probe, Client);
        probe.FishForMessage(m => m is StartedLeading, Timeout);

        // Another holder writes itself into the Lease for a long time: the leader's renewals now fail.
        var lease = await LeaseAsync();
        new LeaderElectionRecord("intruder", 60, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 5).WriteTo(lease);
        await Client.UpdateAsync(ResourceRef.Leases, lease);

        probe.FishForMessage(m => m is NewLeader { Identity: "intruder" }, Timeout);
        probe.ExpectMsg<StoppedLeading>(m => Assert.Equal("host-a_1", m.Identity), Timeout);
        Assert.Equal("intruder", KubeObject.GetString(await LeaseAsync(), "spec", "holderIdentity"));
    }

    private IActorRef StartElector(string identity, TestProbe notify, IKubeClient client, LeaderElectionSettings? settings = null)
    {
        var config = new LeaderElectionConfig("kube-system", Lease, identity, settings ?? Fast);
        var elector = Sys.ActorOf(LeaderElector.Props(client, config, notify));
        _electors.Add(elector);
        return elector;
    }

    private Task<JsonObject> LeaseAsync() => Client.GetAsync(ResourceRef.Leases, "kube-system", Lease);
}
