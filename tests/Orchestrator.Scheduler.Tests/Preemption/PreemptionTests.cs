using Orchestrator.Scheduler.Framework;
using Orchestrator.Scheduler.Preemption;
using Orchestrator.Scheduler.Tests.TestSupport;
using Xunit;
using static Orchestrator.Scheduler.Tests.TestSupport.NodeBuilder;
using static Orchestrator.Scheduler.Tests.TestSupport.PodBuilder;

namespace Orchestrator.Scheduler.Tests.Preemption;

public sealed class PreemptionTests
{
    private static ScheduleResult Schedule(Snapshot snapshot, PodBuilder pod, int seed = 1) =>
        new SchedulingAlgorithm(random: new Random(seed)).Schedule(pod.Info(), snapshot);

    private static PodBuilder Filler(string name, string node, int priority, string cpu) =>
        Pod(name).Priority(priority).Container("cpu", cpu).OnNode(node);

    [Fact]
    public void The_node_whose_most_important_victim_matters_least_is_chosen()
    {
        var snapshot = Run.Snapshot([Node("n1"), Node("n2"), Node("n3")],
            Filler("a", "n1", 10, "2"), Filler("b", "n1", 10, "2"),
            Filler("c", "n2", 5, "1"), Filler("d", "n2", 5, "1"), Filler("e", "n2", 5, "1"), Filler("f", "n2", 5, "1"),
            Filler("g", "n3", 1000, "4"));

        var result = Schedule(snapshot, Pod("vip").Priority(100).Container("cpu", "2"));

        Assert.False(result.Succeeded);
        var preemption = result.Preemption!;
        Assert.True(preemption.Succeeded);
        Assert.Equal("n2", preemption.NominatedNode);
        Assert.Equal(2, preemption.Victims.Count);
        Assert.All(preemption.Victims, victim => Assert.Equal(5, victim.Priority));
        Assert.Equal(string.Empty, preemption.Message);

        // Preemption found a way: the event says only why nothing fits now.
        Assert.Equal("0/3 nodes are available: 3 Insufficient cpu.", result.FailureMessage);
    }

    [Fact]
    public void A_less_important_victim_beats_a_more_important_one()
    {
        var snapshot = Run.Snapshot([Node("one"), Node("two")],
            Filler("big", "one", 5, "4"),
            Filler("s1", "two", 5, "1"), Filler("s2", "two", 5, "1"), Filler("s3", "two", 1, "2"));

        var preemption = Schedule(snapshot, Pod("vip").Priority(100).Container("cpu", "2")).Preemption!;

        // two: evicting s3 (priority 1) is enough; one would lose a priority-5 pod.
        Assert.Equal("two", preemption.NominatedNode);
        Assert.Equal(["s3"], preemption.Victims.Select(v => v.Name));
    }

    [Fact]
    public void Equal_top_priorities_prefer_the_lower_sum_of_priorities()
    {
        var snapshot = Run.Snapshot([Node("one"), Node("two")],
            Filler("a", "one", 5, "2"), Filler("b", "one", 3, "2"),
            Filler("c", "two", 5, "2"), Filler("d", "two", 4, "2"));

        var preemption = Schedule(snapshot, Pod("vip").Priority(100).Container("cpu", "4")).Preemption!;

        Assert.Equal("one", preemption.NominatedNode);
        Assert.Equal(["a", "b"], preemption.Victims.Select(v => v.Name));
    }

    [Fact]
    public void Equal_top_priorities_prefer_fewer_victims()
    {
        var snapshot = Run.Snapshot([Node("many"), Node("few")],
            Filler("m1", "many", 5, "1"), Filler("m2", "many", 5, "1"), Filler("m3", "many", 5, "1"), Filler("m4", "many", 5, "1"),
            Filler("f1", "few", 5, "2"), Filler("f2", "few", 1000, "2"));

        var preemption = Schedule(snapshot, Pod("vip").Priority(100).Container("cpu", "2")).Preemption!;

        Assert.Equal("few", preemption.NominatedNode);
        Assert.Equal(["f1"], preemption.Victims.Select(v => v.Name));
    }

    [Fact]
    public void As_many_pods_as_possible_are_reprieved_most_important_first()
    {
        var snapshot = Run.Snapshot([Node("n1")],
            Filler("p1", "n1", 1, "1"), Filler("p2", "n1", 2, "1"), Filler("p3", "n1", 3, "2"));

        var preemption = Schedule(snapshot, Pod("vip").Priority(100).Container("cpu", "2")).Preemption!;

        // p3 (2 cpu) is kept; p2 and p1 must go, listed by priority.
        Assert.Equal(["p2", "p1"], preemption.Victims.Select(v => v.Name));
    }

    [Fact]
    public void Only_lower_priority_pods_are_victims()
    {
        var snapshot = Run.Snapshot([Node("n1")], Filler("peer", "n1", 100, "4"));

        var result = Schedule(snapshot, Pod("vip").Priority(100).Container("cpu", "2"));

        Assert.False(result.Preemption!.Succeeded);
        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
            result.FailureMessage);
    }

    [Fact]
    public void A_node_that_would_not_fit_even_empty_records_why()
    {
        var snapshot = Run.Snapshot([Node("n1").Cpu("1")], Filler("low", "n1", 0, "1"));

        var result = Schedule(snapshot, Pod("vip").Priority(100).Container("cpu", "2"));

        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Insufficient cpu.", result.FailureMessage);
    }

    [Fact]
    public void Unresolvable_rejections_are_not_helped_by_preemption()
    {
        var snapshot = Run.Snapshot([Node("n1").Taint("k", "v", "NoSchedule"), Node("n2").Unschedulable()], Filler("low", "n1", 0, "1"));

        var result = Schedule(snapshot, Pod("vip").Priority(100));

        Assert.Equal("0/2 nodes are available: 1 node(s) had untolerated taint {k: v}, 1 node(s) were unschedulable. "
            + "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.", result.FailureMessage);
    }

    [Fact]
    public void A_pod_that_never_preempts_says_so()
    {
        var snapshot = Run.Snapshot([Node("n1")], Filler("low", "n1", 0, "4"));

        var result = Schedule(snapshot, Pod("vip").Priority(100).PreemptNever().Container("cpu", "1"));

        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.", result.FailureMessage);
    }

    [Fact]
    public void A_pod_waits_for_victims_still_terminating_on_its_nominated_node()
    {
        var snapshot = Run.Snapshot([Node("n1")], Filler("leaving", "n1", 0, "4").Terminating());

        var result = Schedule(snapshot, Pod("vip").Priority(100).Container("cpu", "1").Nominated("n1"));

        Assert.False(result.Preemption!.Succeeded);
        Assert.Equal("preemption: not eligible due to a terminating pod on the nominated node.", result.Preemption.Message);
    }

    [Fact]
    public void Evicting_the_holder_of_a_host_port_frees_it()
    {
        var snapshot = Run.Snapshot([Node("n1")], Pod("holder").Priority(0).HostPort(80).OnNode("n1"), Pod("other").Priority(0).OnNode("n1"));

        var preemption = Schedule(snapshot, Pod("vip").Priority(100).HostPort(80)).Preemption!;

        Assert.Equal(["holder"], preemption.Victims.Select(v => v.Name));
    }

    [Fact]
    public void Evicting_a_pod_the_incoming_pod_is_anti_affine_to_resolves_the_conflict()
    {
        var snapshot = Run.Snapshot([Node("n1")], Pod("db").Label("app", "db").Priority(0).OnNode("n1"), Pod("web").Label("app", "web").Priority(0).OnNode("n1"));
        var pod = Pod("vip").Priority(100).Affinity(
            """{"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{"labelSelector": {"matchLabels": {"app": "db"}}, "topologyKey": "kubernetes.io/hostname"}]}}""");

        var preemption = Schedule(snapshot, pod).Preemption!;

        Assert.Equal("n1", preemption.NominatedNode);
        Assert.Equal(["db"], preemption.Victims.Select(v => v.Name));
    }

    [Fact]
    public void Evicting_a_pod_whose_anti_affinity_rejects_the_incoming_pod_resolves_it_too()
    {
        var guard = Pod("guard").Priority(0).OnNode("n1").Affinity(
            """{"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{"labelSelector": {"matchLabels": {"app": "vip"}}, "topologyKey": "kubernetes.io/hostname"}]}}""");
        var snapshot = Run.Snapshot([Node("n1")], guard, Pod("bystander").Priority(0).OnNode("n1"));

        var preemption = Schedule(snapshot, Pod("vip").Label("app", "vip").Priority(100)).Preemption!;

        Assert.Equal(["guard"], preemption.Victims.Select(v => v.Name));
    }

    [Fact]
    public void Later_started_victims_are_preferred_on_a_tie()
    {
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var snapshot = Run.Snapshot([Node("old"), Node("young")],
            Filler("o", "old", 5, "4").Started(start), Filler("y", "young", 5, "4").Started(start.AddHours(1)));

        Assert.Equal("young", Schedule(snapshot, Pod("vip").Priority(100).Container("cpu", "1")).Preemption!.NominatedNode);
    }

    [Fact]
    public void The_preemption_evaluator_runs_on_its_own()
    {
        var snapshot = Run.Snapshot([Node("n1")], Filler("low", "n1", 0, "4"));
        var pod = Pod("vip").Priority(100).Container("cpu", "1").Info();
        var algorithm = new SchedulingAlgorithm(new SchedulerSettings { Preemption = false });
        var result = algorithm.Schedule(pod, snapshot);

        Assert.Null(result.Preemption);
        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu.", result.FailureMessage);
        var preemption = new PreemptionEvaluator(algorithm.Profile, algorithm.Settings, new Random(1)).Preempt(pod, snapshot, result.FitError!);
        Assert.Equal("n1", preemption.NominatedNode);
    }

    [Theory]
    [InlineData(5000, 500)]
    [InlineData(2000, 200)]
    [InlineData(500, 100)]
    [InlineData(50, 50)]
    public void Candidates_sought_are_10_percent_but_at_least_100(int nodes, int expected)
    {
        Assert.Equal(expected, PreemptionEvaluator.NumCandidates(nodes, 10, 100));
    }

    [Fact]
    public void The_snapshot_is_left_as_it_was()
    {
        var snapshot = Run.Snapshot([Node("n1")], Filler("low", "n1", 0, "4"));
        Schedule(snapshot, Pod("vip").Priority(100).Container("cpu", "1"));

        Assert.Single(snapshot.GetNode("n1")!.Pods);
        Assert.Equal(4000, snapshot.GetNode("n1")!.Requested.MilliCpu);
    }
}
