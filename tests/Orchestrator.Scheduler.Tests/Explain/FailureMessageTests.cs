using Orchestrator.Scheduler.Explain;
using Orchestrator.Scheduler.Framework;
using Orchestrator.Scheduler.Tests.TestSupport;
using Xunit;
using static Orchestrator.Scheduler.Tests.TestSupport.NodeBuilder;
using static Orchestrator.Scheduler.Tests.TestSupport.PodBuilder;

namespace Orchestrator.Scheduler.Tests.Explain;

/// <summary>The FailedScheduling message, worded and ordered exactly as kube-scheduler's FitError.Error().</summary>
public sealed class FailureMessageTests
{
    private static Status Cpu => Status.Unschedulable("NodeResourcesFit", "Insufficient cpu");

    private static Status Taint => Status.Unresolvable("TaintToleration", "node(s) had untolerated taint {key: value}");

    [Fact]
    public void Reasons_are_counted_and_the_preemption_outcome_appended()
    {
        var message = FailureMessage.Format(5, [Cpu, Cpu, Taint, Taint, Taint],
            postFilterMessage: "preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.");

        Assert.Equal("0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated taint {key: value}. "
            + "preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.", message);
    }

    [Fact]
    public void Counted_reasons_are_sorted_as_strings_count_first_as_gos_sort_strings_does()
    {
        // "3 Insufficient cpu" sorts after "2 node(s)...", and "10 ..." before "9 ...".
        Assert.Equal("0/5 nodes are available: 2 node(s) had untolerated taint {key: value}, 3 Insufficient cpu.",
            FailureMessage.Format(5, [Cpu, Cpu, Cpu, Taint, Taint]));

        var many = Enumerable.Repeat(Cpu, 10).Concat(Enumerable.Repeat(Taint, 9)).ToList();
        Assert.Equal("0/19 nodes are available: 10 Insufficient cpu, 9 node(s) had untolerated taint {key: value}.", FailureMessage.Format(19, many));
    }

    [Fact]
    public void Every_reason_of_a_node_counts()
    {
        var both = Status.Unschedulable("NodeResourcesFit", "Insufficient cpu", "Insufficient memory");
        Assert.Equal("0/2 nodes are available: 1 Insufficient memory, 2 Insufficient cpu.", FailureMessage.Format(2, [both, Cpu]));
    }

    [Fact]
    public void Nodes_without_a_status_count_under_the_absent_status()
    {
        var notHelpful = Status.Unresolvable(string.Empty, "Preemption is not helpful for scheduling");
        var noVictims = Status.Unresolvable(string.Empty, "No preemption victims found for incoming pod");

        Assert.Equal("0/6 nodes are available: 2 Preemption is not helpful for scheduling, 4 No preemption victims found for incoming pod.",
            FailureMessage.Format(6, [noVictims, noVictims, noVictims, noVictims], notHelpful));
    }

    [Fact]
    public void A_prefilter_message_replaces_the_node_reasons()
    {
        Assert.Equal("0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: x",
            FailureMessage.Format(3, [Cpu, Cpu, Cpu], preFilterMessage: "pod has unbound immediate PersistentVolumeClaims", postFilterMessage: "preemption: x"));
    }

    [Fact]
    public void The_scheduler_words_a_real_failure_so()
    {
        // Three nodes short of cpu (their pods as important as ours), two tainted.
        var snapshot = Run.Snapshot(
            [Node("n1").Cpu("1"), Node("n2").Cpu("1"), Node("n3").Cpu("1"), Node("t1").Taint("key", "value", "NoSchedule"), Node("t2").Taint("key", "value", "NoExecute")],
            Pod("x").Container("cpu", "1").OnNode("n1"));
        var result = new SchedulingAlgorithm(random: new Random(1)).Schedule(Pod().Container("cpu", "2").Info(), snapshot);

        Assert.False(result.Succeeded);
        Assert.Equal("0/5 nodes are available: 2 node(s) had untolerated taint {key: value}, 3 Insufficient cpu. "
            + "preemption: 0/5 nodes are available: 2 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.",
            result.FailureMessage);
        Assert.Equal(["NodeResourcesFit", "TaintToleration"], result.FitError!.UnschedulablePlugins.Order());
    }

    [Fact]
    public void No_nodes_at_all()
    {
        var result = new SchedulingAlgorithm().Schedule(Pod().Info(), new Snapshot());
        Assert.Equal("no nodes available to schedule pods", result.FailureMessage);
    }
}
