using System.Text.Json.Nodes;
using Orchestrator.Client;
using Orchestrator.Hocon;
using Orchestrator.Kubelet.Node;
using Orchestrator.Kubelet.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Kubelet.Tests.Node;

/// <summary>The kubelet as a process runs it: started until its Node is registered, a refusal an exception with its reason, stopped gracefully.</summary>
public sealed class KubeletHostTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private TestGateway _gateway = null!;

    public KubeletHostTests(ITestOutputHelper output)
        : base(Akka.Configuration.ConfigurationFactory.ParseString("akka.actor.provider = local"), "kubelet-host-tests", output)
    {
    }

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync()
    {
        await Sys.Terminate();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task Starts_once_the_Node_is_registered_refuses_a_taken_name_and_stops_the_node_NotReady()
    {
        using var client = _gateway.NewClient();
        var host = await KubeletHost.StartAsync(Sys, Deps(client, "machine-1"), Timeout);
        var node = await _gateway.Client.GetAsync(ResourceRef.Nodes, null, "host-node");
        Assert.Equal("machine-1", KubeletNodeObject.MachineId(node));

        // Another machine (its own process, so its own actor system) asking for the same name is refused.
        var other = Akka.Actor.ActorSystem.Create("other-machine", Akka.Configuration.ConfigurationFactory.ParseString("akka.actor.provider = local"));
        try
        {
            var refused = await Assert.ThrowsAsync<KubeletRefusedException>(() => KubeletHost.StartAsync(other, Deps(client, "machine-2"), Timeout));
            Assert.Contains("in use by another machine", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            await other.Terminate();
        }

        Assert.Equal(0, await host.StopAsync());
        // Asked again (the host's stop, then Akka's coordinated shutdown): the same answer, at once.
        Assert.Equal(0, await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(1)));
        node = await _gateway.Client.GetAsync(ResourceRef.Nodes, null, "host-node");
        var ready = ((JsonArray)node["status"]!["conditions"]!).OfType<JsonObject>().Single(c => c["type"]!.GetValue<string>() == "Ready");
        Assert.Equal("False", ready["status"]!.GetValue<string>());
    }

    private KubeletDependencies Deps(IKubeClient client, string machine)
    {
        var settings = KubeletSettings.FromConfig(Config.ParseString(
            "orchestrator.kubelet { node-name = host-node, node-status-update-frequency = 200ms, node-lease.renew-interval = 300ms }",
            new HoconParseOptions { Fallback = ReferenceConfig.Load() }));
        return new KubeletDependencies(client, new FakeContainerRuntime(), settings, StandInPodWorker.Factory(TestActor))
        {
            Machine = new MachineInfo
            {
                CpuCount = 2,
                MemoryBytes = 1L << 30,
                EphemeralStorageBytes = 10L << 30,
                MachineId = machine,
                BootId = "boot",
                KernelVersion = "6.1.0",
                OsImage = "Test Linux",
                Architecture = "amd64",
            },
        };
    }
}
