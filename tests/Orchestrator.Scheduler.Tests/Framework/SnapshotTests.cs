using Orchestrator.Scheduler.Framework;
using Orchestrator.Scheduler.Tests.TestSupport;
using Xunit;
using static Orchestrator.Scheduler.Tests.TestSupport.NodeBuilder;
using static Orchestrator.Scheduler.Tests.TestSupport.PodBuilder;

namespace Orchestrator.Scheduler.Tests.Framework;

/// <summary>The snapshot's incremental accounting: nodes, bound and assumed pods, their requests and ports.</summary>
public sealed class SnapshotTests
{
    [Fact]
    public void A_node_is_parsed_allocatable_labels_taints_readiness()
    {
        var snapshot = Run.Snapshot([Node("n1").Cpu("3500m").Memory("2Gi").Allocatable("example.com/gpu", "4").Label("zone", "a")
            .Taint("dedicated", "db", "NoSchedule").Ready("False").Unschedulable()]);
        var node = snapshot.GetNode("n1")!;

        Assert.Equal(3500, node.Allocatable.MilliCpu);
        Assert.Equal(2L * 1024 * 1024 * 1024, node.Allocatable.Memory);
        Assert.Equal(110, node.Allocatable.AllowedPods);
        Assert.Equal(4, node.Allocatable.Scalar("example.com/gpu"));
        Assert.Equal("a", node.Labels["zone"]);
        Assert.Equal(TaintEffect.NoSchedule, Assert.Single(node.Taints).Effect);
        Assert.Equal(NodeReadiness.NotReady, node.Readiness);
        Assert.True(node.Unschedulable);
    }

    [Fact]
    public void Allocatable_falls_back_to_capacity()
    {
        var json = Node("n1").Build();
        json["status"]!.AsObject().Remove("allocatable");
        var snapshot = new Snapshot();

        Assert.Equal(4000, snapshot.UpsertNode(json).Allocatable.MilliCpu);
    }

    [Fact]
    public void Pods_add_and_remove_their_requests_and_ports()
    {
        var snapshot = Run.Snapshot([Node("n1")]);
        var a = Pod("a").Container("cpu", "1", "memory", "1Gi", "example.com/gpu", "1").HostPort(80).OnNode("n1").Info();
        var b = Pod("b").Container().OnNode("n1").Info();
        snapshot.AddOrUpdatePod(a);
        snapshot.AddOrUpdatePod(b);
        var node = snapshot.GetNode("n1")!;

        Assert.Equal(2, node.Pods.Count);
        Assert.Equal(1000, node.Requested.MilliCpu);
        Assert.Equal(1, node.Requested.Scalar("example.com/gpu"));
        Assert.Equal(1100, node.NonZeroMilliCpu);
        Assert.True(node.UsedPorts.Conflicts(HostPort.Create(null, "TCP", 80)));

        Assert.True(snapshot.RemovePod(a.Key));
        Assert.Equal(0, node.Requested.MilliCpu);
        Assert.Equal(0, node.Requested.Scalar("example.com/gpu"));
        Assert.Equal(100, node.NonZeroMilliCpu);
        Assert.False(node.UsedPorts.Conflicts(HostPort.Create(null, "TCP", 80)));
        Assert.False(snapshot.RemovePod(a.Key));
    }

    [Fact]
    public void An_assumed_pod_counts_until_forgotten_and_is_confirmed_by_its_binding()
    {
        var snapshot = Run.Snapshot([Node("n1"), Node("n2")]);
        var pod = Pod("a").Container("cpu", "1").Info();

        snapshot.AssumePod(pod, "n1");
        Assert.True(snapshot.IsAssumed(pod.Key));
        Assert.Equal(1000, snapshot.GetNode("n1")!.Requested.MilliCpu);
        Assert.True(snapshot.ForgetPod(pod.Key));
        Assert.Equal(0, snapshot.GetNode("n1")!.Requested.MilliCpu);

        snapshot.AssumePod(pod, "n1");
        snapshot.AddOrUpdatePod(Pod("a").Container("cpu", "1").OnNode("n1").Info());
        Assert.False(snapshot.IsAssumed(pod.Key));
        Assert.False(snapshot.ForgetPod(pod.Key));
        Assert.Single(snapshot.GetNode("n1")!.Pods);
        Assert.Equal(1000, snapshot.GetNode("n1")!.Requested.MilliCpu);
    }

    [Fact]
    public void A_pod_that_moves_leaves_its_old_node()
    {
        var snapshot = Run.Snapshot([Node("n1"), Node("n2")]);
        snapshot.AssumePod(Pod("a").Container("cpu", "1").Info(), "n1");
        snapshot.AddOrUpdatePod(Pod("a").Container("cpu", "1").OnNode("n2").Info());

        Assert.Empty(snapshot.GetNode("n1")!.Pods);
        Assert.Equal(1000, snapshot.GetNode("n2")!.Requested.MilliCpu);
        Assert.Equal("n2", snapshot.NodeOfPod("default-a-uid"));
    }

    [Fact]
    public void Pods_on_unknown_nodes_wait_for_the_node_and_outlive_its_removal()
    {
        var snapshot = new Snapshot();
        snapshot.AddOrUpdatePod(Pod("a").Container("cpu", "1").OnNode("later").Info());
        Assert.Equal(0, snapshot.NodeCount);
        Assert.Null(snapshot.GetNode("later"));

        snapshot.UpsertNode(Node("later").Build());
        Assert.Equal(1000, snapshot.GetNode("later")!.Requested.MilliCpu);

        Assert.True(snapshot.RemoveNode("later"));
        Assert.Equal(0, snapshot.NodeCount);
        snapshot.UpsertNode(Node("later").Build());
        Assert.Equal(1000, snapshot.GetNode("later")!.Requested.MilliCpu);
    }

    [Fact]
    public void Removing_a_node_keeps_the_list_consistent()
    {
        var snapshot = Run.Snapshot([Node("n1"), Node("n2"), Node("n3")]);
        snapshot.RemoveNode("n1");

        Assert.Equal(["n2", "n3"], snapshot.Nodes.Select(n => n.Name).Order());
        snapshot.UpsertNode(Node("n1").Build());
        snapshot.RemoveNode("n3");
        Assert.Equal(["n1", "n2"], snapshot.Nodes.Select(n => n.Name).Order());
        Assert.False(snapshot.RemoveNode("n3"));
    }

    [Fact]
    public void Affinity_pods_are_counted()
    {
        var snapshot = Run.Snapshot([Node("n1")]);
        var anti = Pod("a").OnNode("n1").Affinity("""{"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{"labelSelector": {}, "topologyKey": "zone"}]}}""").Info();
        snapshot.AddOrUpdatePod(anti);

        Assert.Equal(1, snapshot.PodsWithAffinityCount);
        Assert.Equal(1, snapshot.PodsWithRequiredAntiAffinityCount);
        Assert.Single(snapshot.GetNode("n1")!.PodsWithRequiredAntiAffinity);
        snapshot.RemovePod(anti.Key);
        Assert.Equal(0, snapshot.PodsWithRequiredAntiAffinityCount);
        Assert.Empty(snapshot.GetNode("n1")!.PodsWithRequiredAntiAffinity);
    }

    [Fact]
    public void Host_ports_are_counted_and_clash_by_address_and_protocol()
    {
        var ports = new HostPortSet();
        ports.Add(HostPort.Create("127.0.0.1", "TCP", 80));
        ports.Add(HostPort.Create("127.0.0.1", "TCP", 80));

        Assert.True(ports.Conflicts(HostPort.Create("127.0.0.1", "TCP", 80)));
        Assert.True(ports.Conflicts(HostPort.Create("0.0.0.0", "TCP", 80)));
        Assert.True(ports.Conflicts(HostPort.Create(null, null, 80)));
        Assert.False(ports.Conflicts(HostPort.Create("127.0.0.2", "TCP", 80)));
        Assert.False(ports.Conflicts(HostPort.Create("127.0.0.1", "UDP", 80)));
        Assert.False(ports.Conflicts(HostPort.Create("127.0.0.1", "TCP", 0)));

        ports.Remove(HostPort.Create("127.0.0.1", "TCP", 80));
        Assert.True(ports.Conflicts(HostPort.Create("127.0.0.1", "TCP", 80)));
        ports.Remove(HostPort.Create("127.0.0.1", "TCP", 80));
        Assert.False(ports.Conflicts(HostPort.Create("0.0.0.0", "TCP", 80)));

        ports.Add(HostPort.Create("0.0.0.0", "TCP", 443));
        Assert.True(ports.Conflicts(HostPort.Create("10.1.2.3", "TCP", 443)));
    }

    [Fact]
    public void Namespace_labels_are_kept()
    {
        var snapshot = new Snapshot();
        snapshot.SetNamespaceLabels("shop", new Dictionary<string, string> { ["team"] = "a" });

        Assert.Equal("a", snapshot.NamespaceLabels("shop")["team"]);
        Assert.Empty(snapshot.NamespaceLabels("unknown"));
        Assert.True(snapshot.RemoveNamespace("shop"));
        Assert.Empty(snapshot.NamespaceLabels("shop"));
    }
}
