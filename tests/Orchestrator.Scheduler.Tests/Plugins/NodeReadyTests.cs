using Orchestrator.Scheduler.Framework;
using Orchestrator.Scheduler.Plugins;
using Orchestrator.Scheduler.Tests.TestSupport;
using Xunit;
using static Orchestrator.Scheduler.Tests.TestSupport.NodeBuilder;
using static Orchestrator.Scheduler.Tests.TestSupport.PodBuilder;

namespace Orchestrator.Scheduler.Tests.Plugins;

public sealed class NodeReadyTests
{
    private readonly Snapshot _snapshot = Run.Snapshot([Node("ready"), Node("down").Ready("False"), Node("lost").Ready("Unknown"), Node("new").NoConditions()]);

    [Fact]
    public void Only_ready_and_not_yet_reporting_nodes_pass()
    {
        Assert.Equal(["new", "ready"], Run.Feasible(new NodeReady(), Pod().Info(), _snapshot));
    }

    [Fact]
    public void The_reason_is_the_one_the_condition_taint_would_give()
    {
        var down = Run.Filter(new NodeReady(), Pod().Info(), _snapshot, "down")!;
        var lost = Run.Filter(new NodeReady(), Pod().Info(), _snapshot, "lost")!;

        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, down.Code);
        Assert.Equal(["node(s) had untolerated taint {node.kubernetes.io/not-ready: }"], down.Reasons);
        Assert.Equal(["node(s) had untolerated taint {node.kubernetes.io/unreachable: }"], lost.Reasons);
    }

    [Fact]
    public void Tolerating_the_condition_taint_lets_a_pod_through()
    {
        var pod = Pod().Toleration("node.kubernetes.io/not-ready", "Exists", effect: "NoSchedule").Toleration("node.kubernetes.io/unreachable", "Exists").Info();
        Assert.Equal(["down", "lost", "new", "ready"], Run.Feasible(new NodeReady(), pod, _snapshot));

        // The API's default tolerations are NoExecute only: they do not put a pod on a NotReady node (nor does Kubernetes).
        var defaulted = Pod().Toleration("node.kubernetes.io/not-ready", "Exists", effect: "NoExecute").Info();
        Assert.NotNull(Run.Filter(new NodeReady(), defaulted, _snapshot, "down"));
    }
}
