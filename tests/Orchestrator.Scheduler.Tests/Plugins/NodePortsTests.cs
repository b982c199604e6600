using Orchestrator.Scheduler.Framework;
using Orchestrator.Scheduler.Plugins;
using Orchestrator.Scheduler.Tests.TestSupport;
using Xunit;
using static Orchestrator.Scheduler.Tests.TestSupport.NodeBuilder;
using static Orchestrator.Scheduler.Tests.TestSupport.PodBuilder;

namespace Orchestrator.Scheduler.Tests.Plugins;

public sealed class NodePortsTests
{
    private readonly NodePorts _plugin = new();

    private readonly Snapshot _snapshot = Run.Snapshot(
        [Node("web"), Node("dns"), Node("free")],
        Pod("nginx").HostPort(80).OnNode("web"),
        Pod("coredns").HostPort(53, "UDP", "127.0.0.53").OnNode("dns"));

    [Fact]
    public void A_host_port_in_use_is_a_conflict_preemption_may_resolve()
    {
        var status = Run.Filter(_plugin, Pod().HostPort(80).Info(), _snapshot, "web")!;

        Assert.Equal(StatusCode.Unschedulable, status.Code);
        Assert.Equal(["node(s) didn't have free ports for the requested pod ports"], status.Reasons);
        Assert.Equal(["dns", "free"], Run.Feasible(_plugin, Pod().HostPort(80).Info(), _snapshot));
    }

    [Fact]
    public void Protocol_and_address_distinguish_ports()
    {
        Assert.Equal(["dns", "free", "web"], Run.Feasible(_plugin, Pod().HostPort(80, "UDP").Info(), _snapshot));
        Assert.Equal(["dns", "free", "web"], Run.Feasible(_plugin, Pod().HostPort(53, "UDP", "127.0.0.1").Info(), _snapshot));

        // 0.0.0.0 (or no address) collides with the same port on any address; the same address collides too.
        Assert.Equal(["free", "web"], Run.Feasible(_plugin, Pod().HostPort(53, "UDP").Info(), _snapshot));
        Assert.Equal(["free", "web"], Run.Feasible(_plugin, Pod().HostPort(53, "UDP", "127.0.0.53").Info(), _snapshot));

        // A specific address collides with a port bound on every address.
        Assert.Equal(["dns", "free"], Run.Feasible(_plugin, Pod().HostPort(80, "TCP", "127.0.0.9").Info(), _snapshot));
    }

    [Fact]
    public void Host_port_0_asks_for_nothing()
    {
        var pod = Pod().HostPort(0).Info();

        Assert.Equal(StatusCode.Skip, _plugin.PreFilter(new CycleState(), pod, _snapshot)!.Code);
        Assert.Equal(["dns", "free", "web"], Run.Feasible(_plugin, pod, _snapshot));
    }
}
