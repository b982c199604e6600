using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Client;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Controllers.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;
using Orchestrator.Client.LeaderElection;

namespace Orchestrator.Controllers.Tests.Machinery;

/// <summary>
/// The controller manager against a real gateway: as a cluster singleton it takes the kube-controller-manager
/// Lease, runs its controllers on shared informers, and when stopped stops them and then releases the Lease;
/// a second manager runs nothing while another holds the Lease.
/// </summary>
public sealed class ControllerManagerTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static readonly ControllerManagerSettings Settings = ControllerHarness.FastSettings with
    {
        LeaderElection = new LeaderElectionSettings { LeaseDuration = TimeSpan.FromSeconds(10), RenewDeadline = TimeSpan.FromSeconds(5), RetryPeriod = TimeSpan.FromMilliseconds(100) },
    };

    private readonly List<IActorRef> _managers = [];
    private TestGateway _gateway = null!;

    public ControllerManagerTests(ITestOutputHelper output)
        : base(GatewaySystem.Config(), "controller-manager", output)
    {
    }

    private KubeClient Client => _gateway.Client;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(Sys);

    public async Task DisposeAsync()
    {
        foreach (var manager in _managers)
        {
            await manager.GracefulStop(Timeout);
        }

        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task The_singleton_leads_runs_its_controllers_and_stops_them_before_it_releases_the_Lease()
    {
        var singleton = ControllerManagerSingleton.Start(Sys, ControllerManager.Props(Client, [ProbeController.Registration(TestActor)], Settings, "host_1"));

        // Leading: the Lease names it and its controller reconciles what its informer shows.
        ExpectMsg<string>(m => Assert.Equal("started", m), Timeout);
        await Client.CreateAsync(ResourceRef.ConfigMaps, ConfigMap("first"));
        FishForMessage(m => m is "default/first", Timeout);
        var lease = await Client.GetAsync(ResourceRef.Leases, ControllerManager.LeaseNamespace, ControllerManager.LeaseName);
        Assert.Equal(("host_1", 10L), (KubeObject.GetString(lease, "spec", "holderIdentity"), KubeObject.GetInt64(lease, "spec", "leaseDurationSeconds")));

        // Stopping: the controller stops, then the Lease is given up.
        await singleton.StopAsync(Timeout);
        FishForMessage(m => m is "stopped", Timeout);
        lease = await Client.GetAsync(ResourceRef.Leases, ControllerManager.LeaseNamespace, ControllerManager.LeaseName);
        Assert.Equal("", KubeObject.GetString(lease, "spec", "holderIdentity"));
    }

    [Fact]
    public async Task A_manager_runs_no_controller_while_another_holds_the_Lease_and_takes_over_once_it_is_released()
    {
        var firstProbe = CreateTestProbe();
        var first = StartManager("host_1", firstProbe);
        firstProbe.ExpectMsg("started", Timeout);

        var secondProbe = CreateTestProbe();
        StartManager("host_2", secondProbe);
        await Client.CreateAsync(ResourceRef.ConfigMaps, ConfigMap("seen-by-the-leader"));
        firstProbe.FishForMessage(m => m is "default/seen-by-the-leader", Timeout);
        Assert.False(secondProbe.HasMessages, "the second manager started its controllers while the Lease was held");

        first.Tell(StopControllerManager.Instance);
        firstProbe.FishForMessage(m => m is "stopped", Timeout);
        secondProbe.ExpectMsg("started", Timeout);
        secondProbe.FishForMessage(m => m is "default/seen-by-the-leader", Timeout);
        var lease = await Client.GetAsync(ResourceRef.Leases, ControllerManager.LeaseNamespace, ControllerManager.LeaseName);
        Assert.Equal(("host_2", 1L), (KubeObject.GetString(lease, "spec", "holderIdentity"), KubeObject.GetInt64(lease, "spec", "leaseTransitions")));
    }

    [Fact]
    public async Task The_cloud_controller_manager_leads_under_its_own_Lease_beside_the_controller_manager()
    {
        var probe = CreateTestProbe();
        StartManager("host_1", probe);
        probe.ExpectMsg("started", Timeout);

        var cloudProbe = CreateTestProbe();
        var cloud = Sys.ActorOf(ControllerManager.Props(Client, [ProbeController.Registration(cloudProbe)], Settings, "host_1", leaseName: "cloud-controller-manager"));
        _managers.Add(cloud);
        cloudProbe.ExpectMsg("started", Timeout);

        var lease = await Client.GetAsync(ResourceRef.Leases, ControllerManager.LeaseNamespace, "cloud-controller-manager");
        Assert.Equal("host_1", KubeObject.GetString(lease, "spec", "holderIdentity"));
        Assert.Equal("host_1", KubeObject.GetString(await Client.GetAsync(ResourceRef.Leases, ControllerManager.LeaseNamespace, ControllerManager.LeaseName), "spec", "holderIdentity"));
    }

    private IActorRef StartManager(string identity, IActorRef probe)
    {
        var manager = Sys.ActorOf(ControllerManager.Props(Client, [ProbeController.Registration(probe)], Settings, identity));
        _managers.Add(manager);
        return manager;
    }

    private static JsonObject ConfigMap(string name) =>
        new() { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" } };

    /// <summary>Tells the probe "started", every key it reconciles, and "stopped".</summary>
    private sealed class ProbeController : ControllerActor
    {
        private readonly IActorRef _probe;

        public ProbeController(ControllerContext context, IActorRef probe)
            : base(context, "probe-controller")
        {
            _probe = probe;
            Watch(ResourceRef.ConfigMaps);
            probe.Tell("started");
        }

        public static ControllerRegistration Registration(IActorRef probe) =>
            new("probe-controller", context => Props.Create(() => new ProbeController(context, probe)));

        protected override Task ReconcileAsync(string key, CancellationToken cancellationToken)
        {
            _probe.Tell(key);
            return Task.CompletedTask;
        }

        protected override void OnStopped() => _probe.Tell("stopped");
    }
}
