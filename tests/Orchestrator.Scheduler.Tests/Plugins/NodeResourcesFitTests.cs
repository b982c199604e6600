using Orchestrator.Scheduler.Framework;
using Orchestrator.Scheduler.Plugins;
using Orchestrator.Scheduler.Tests.TestSupport;
using Xunit;
using static Orchestrator.Scheduler.Tests.TestSupport.NodeBuilder;
using static Orchestrator.Scheduler.Tests.TestSupport.PodBuilder;

namespace Orchestrator.Scheduler.Tests.Plugins;

public sealed class NodeResourcesFitTests
{
    private readonly NodeResourcesFit _plugin = new();

    // 4 cpu, 8 GiB, 110 pods; 3 cpu and 6 GiB taken.
    private readonly Snapshot _snapshot = Run.Snapshot(
        [Node("n1").Allocatable("example.com/gpu", "2")],
        Pod("existing").Container("cpu", "3", "memory", "6Gi", "example.com/gpu", "1").OnNode("n1"));

    private Status? Filter(PodBuilder pod) => Run.Filter(_plugin, pod.Info(), _snapshot, "n1");

    [Fact]
    public void Fits_in_what_is_left()
    {
        Assert.Null(Filter(Pod().Container("cpu", "1", "memory", "2Gi")));
        Assert.Null(Filter(Pod().Container("example.com/gpu", "1")));
    }

    [Fact]
    public void Each_shortfall_is_a_reason_preemption_may_resolve()
    {
        var status = Filter(Pod().Container("cpu", "1001m", "memory", "3Gi", "ephemeral-storage", "200Gi"))!;

        Assert.Equal(StatusCode.Unschedulable, status.Code);
        Assert.Equal(["Insufficient cpu", "Insufficient memory", "Insufficient ephemeral-storage"], status.Reasons);
    }

    [Fact]
    public void Extended_resources_are_checked_by_name()
    {
        Assert.Equal(["Insufficient example.com/gpu"], Filter(Pod().Container("example.com/gpu", "2"))!.Reasons);
        Assert.Equal(["Insufficient cpu", "Insufficient example.com/fpga"], Filter(Pod().Container("cpu", "2", "example.com/fpga", "1"))!.Reasons);
    }

    [Fact]
    public void The_pod_count_is_limited_even_for_pods_requesting_nothing()
    {
        var snapshot = Run.Snapshot([Node("tiny").Pods(1)], Pod("existing").OnNode("tiny"));

        Assert.Equal(["Too many pods"], Run.Filter(_plugin, Pod().Info(), snapshot, "tiny")!.Reasons);
        Assert.Equal(["Too many pods", "Insufficient cpu"], Run.Filter(_plugin, Pod().Container("cpu", "5").Info(), snapshot, "tiny")!.Reasons);
    }

    [Fact]
    public void What_is_left_follows_pods_leaving_and_the_node_changing()
    {
        var snapshot = Run.Snapshot([Node("n").Cpu("2").Pods(1)], Pod("existing").Container("cpu", "1").OnNode("n"));
        var pod = Pod().Container("cpu", "1500m").Info();
        Assert.Equal(["Too many pods", "Insufficient cpu"], Run.Filter(_plugin, pod, snapshot, "n")!.Reasons);

        snapshot.RemovePod(Pod("existing").Info().Key);
        Assert.Null(Run.Filter(_plugin, pod, snapshot, "n"));

        snapshot.UpsertNode(Node("n").Cpu("1").Pods(1).Build());
        Assert.Equal(["Insufficient cpu"], Run.Filter(_plugin, pod, snapshot, "n")!.Reasons);
        Assert.Equal(["Insufficient cpu"], _plugin.Filter(new CycleState(), pod, snapshot.GetNode("n")!.Clone())!.Reasons);
    }

    [Fact]
    public void Init_containers_count_when_larger_than_the_containers()
    {
        Assert.Equal(["Insufficient cpu"], Filter(Pod().InitContainer("cpu", "2").Container("cpu", "500m"))!.Reasons);
        Assert.Null(Filter(Pod().InitContainer("cpu", "1").Container("cpu", "500m")));
    }

    [Fact]
    public void Overhead_counts()
    {
        Assert.Null(Filter(Pod().Container("cpu", "900m")));
        Assert.Equal(["Insufficient cpu"], Filter(Pod().Container("cpu", "900m").Overhead("cpu", "200m"))!.Reasons);
    }

    [Fact]
    public void A_node_allocating_none_of_an_extended_resource_fits_no_request_of_it()
    {
        var snapshot = Run.Snapshot([Node("plain")]);
        Assert.Equal(["Insufficient example.com/gpu"], Run.Filter(_plugin, Pod().Container("example.com/gpu", "1").Info(), snapshot, "plain")!.Reasons);
    }

    [Fact]
    public void LeastAllocated_scores_the_free_share_of_cpu_and_memory()
    {
        var snapshot = Run.Snapshot(
            [Node("empty"), Node("busy"), Node("full").Cpu("1")],
            Pod("x").Container("cpu", "2", "memory", "4Gi").OnNode("busy"));
        var pod = Pod().Container("cpu", "1", "memory", "2Gi").Info();

        var scores = Run.Scores(_plugin, pod, snapshot);

        Assert.Equal(75, scores["empty"]);
        // cpu (4000 - 3000) / 4000 = 25, memory (8 - 6) / 8 = 25.
        Assert.Equal(25, scores["busy"]);
        // cpu 0 (requested 1000 of 1000), memory 75: (0 + 75) / 2.
        Assert.Equal(37, scores["full"]);
    }

    [Fact]
    public void LeastAllocated_counts_request_less_containers_at_the_defaults()
    {
        var snapshot = Run.Snapshot([Node("n").Cpu("1").Memory("1000Mi")]);

        // 100m of 1000m and 200Mi of 1000Mi: (90 + 80) / 2 = 85.
        Assert.Equal(85, Run.Scores(_plugin, Pod().Container().Info(), snapshot)["n"]);
    }
}
