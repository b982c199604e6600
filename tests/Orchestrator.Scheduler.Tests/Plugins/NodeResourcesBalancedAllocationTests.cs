using Orchestrator.Scheduler.Framework;
using Orchestrator.Scheduler.Plugins;
using Orchestrator.Scheduler.Tests.TestSupport;
using Xunit;
using static Orchestrator.Scheduler.Tests.TestSupport.NodeBuilder;
using static Orchestrator.Scheduler.Tests.TestSupport.PodBuilder;

namespace Orchestrator.Scheduler.Tests.Plugins;

public sealed class NodeResourcesBalancedAllocationTests
{
    private readonly NodeResourcesBalancedAllocation _plugin = new();

    [Fact]
    public void Equal_shares_score_100_unequal_ones_less()
    {
        var snapshot = Run.Snapshot(
            [Node("balanced"), Node("skewed"), Node("over").Cpu("1")],
            Pod("x").Container("cpu", "1", "memory", "1Gi").OnNode("skewed"));
        var pod = Pod().Container("cpu", "1", "memory", "2Gi").Info();

        var scores = Run.Scores(_plugin, pod, snapshot);

        // 1/4 cpu and 2/8 memory.
        Assert.Equal(100, scores["balanced"]);
        // 2/4 = 0.5 cpu, 3/8 = 0.375 memory: 1 - 0.0625 = 93.75.
        Assert.Equal(93, scores["skewed"]);
        // cpu capped at 1, memory 0.25: 1 - 0.375.
        Assert.Equal(62, scores["over"]);
    }

    [Fact]
    public void A_best_effort_pod_is_not_scored()
    {
        var snapshot = Run.Snapshot([Node("n")]);
        Assert.Equal(StatusCode.Skip, _plugin.PreScore(new CycleState(), Pod().Container().Info(), [.. snapshot.Nodes], snapshot)!.Code);
        Assert.Null(_plugin.PreScore(new CycleState(), Pod().Container("memory", "1Mi").Info(), [.. snapshot.Nodes], snapshot));
    }
}
