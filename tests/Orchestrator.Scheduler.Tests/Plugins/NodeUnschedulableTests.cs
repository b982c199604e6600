using Orchestrator.Scheduler.Framework;
using Orchestrator.Scheduler.Plugins;
using Orchestrator.Scheduler.Tests.TestSupport;
using Xunit;
using static Orchestrator.Scheduler.Tests.TestSupport.NodeBuilder;
using static Orchestrator.Scheduler.Tests.TestSupport.PodBuilder;

namespace Orchestrator.Scheduler.Tests.Plugins;

public sealed class NodeUnschedulableTests
{
    private readonly Snapshot _snapshot = Run.Snapshot([Node("open"), Node("cordoned").Unschedulable()]);

    [Fact]
    public void A_cordoned_node_is_rejected_for_good()
    {
        var status = Run.Filter(new NodeUnschedulable(), Pod().Info(), _snapshot, "cordoned");

        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, status!.Code);
        Assert.Equal(["node(s) were unschedulable"], status.Reasons);
        Assert.Null(Run.Filter(new NodeUnschedulable(), Pod().Info(), _snapshot, "open"));
    }

    [Theory]
    [InlineData("node.kubernetes.io/unschedulable", "Exists", "NoSchedule")]
    [InlineData("node.kubernetes.io/unschedulable", "Exists", "")]
    [InlineData("", "Exists", "")]
    public void A_pod_tolerating_the_unschedulable_taint_may_go_there(string key, string op, string effect)
    {
        Assert.Null(Run.Filter(new NodeUnschedulable(), Pod().Toleration(key, op, effect: effect).Info(), _snapshot, "cordoned"));
    }

    [Fact]
    public void Tolerating_another_effect_is_not_enough()
    {
        Assert.NotNull(Run.Filter(new NodeUnschedulable(), Pod().Toleration("node.kubernetes.io/unschedulable", "Exists", effect: "NoExecute").Info(), _snapshot, "cordoned"));
    }
}
