using Orchestrator.Scheduler.Framework;
using Orchestrator.Scheduler.Plugins;
using Orchestrator.Scheduler.Tests.TestSupport;
using Xunit;
using static Orchestrator.Scheduler.Tests.TestSupport.NodeBuilder;
using static Orchestrator.Scheduler.Tests.TestSupport.PodBuilder;

namespace Orchestrator.Scheduler.Tests;

public sealed class SchedulingAlgorithmTests
{
    [Theory]
    [InlineData(0, 50, 50)]
    [InlineData(0, 100, 100)]
    [InlineData(0, 1000, 420)]
    [InlineData(0, 5000, 500)]
    [InlineData(0, 6000, 300)]
    [InlineData(0, 20000, 1000)]
    [InlineData(30, 1000, 300)]
    [InlineData(1, 5000, 100)]
    [InlineData(100, 5000, 5000)]
    public void Nodes_to_find_follow_percentage_of_nodes_to_score(int percentage, int nodes, int expected)
    {
        Assert.Equal(expected, SchedulingAlgorithm.NumFeasibleNodesToFind(percentage, nodes));
    }

    [Fact]
    public void The_best_scored_node_wins()
    {
        var snapshot = Run.Snapshot([Node("busy"), Node("idle"), Node("small").Cpu("1")], Pod("x").Container("cpu", "3", "memory", "6Gi").OnNode("busy"));

        var result = new SchedulingAlgorithm(random: new Random(1)).Schedule(Pod().Container("cpu", "500m", "memory", "1Gi").Info(), snapshot);

        Assert.Equal("idle", result.SelectedNode);
        Assert.Equal(3, result.EvaluatedNodes);
        Assert.Equal(3, result.FeasibleNodes);
        Assert.Null(result.FailureMessage);
    }

    [Fact]
    public void Room_preemption_made_stays_reserved_for_the_nominated_pod_against_lower_priority_pods_only()
    {
        var snapshot = Run.Snapshot([Node("n1").Cpu("2")]);
        var vip = Pod("vip").Priority(100).Container("cpu", "2").Nominated("n1").Info();
        snapshot.SetNominatedPod(vip);
        var algorithm = new SchedulingAlgorithm(random: new Random(1));

        var low = algorithm.Schedule(Pod("low").Priority(10).Container("cpu", "1").Info(), snapshot);
        Assert.Null(low.SelectedNode);
        Assert.Contains("Insufficient cpu", low.FailureMessage, StringComparison.Ordinal);

        // A pod of higher priority may take it (it would preempt the nominated pod anyway), and so may the nominated pod.
        Assert.Equal("n1", algorithm.Schedule(Pod("higher").Priority(200).Container("cpu", "1").Info(), snapshot).SelectedNode);
        Assert.Equal("n1", algorithm.Schedule(vip, snapshot).SelectedNode);

        // Once the nominated pod is bound or gone, the room is anyone's.
        snapshot.RemoveNominatedPod(vip.Key);
        Assert.Equal("n1", algorithm.Schedule(Pod("low").Priority(10).Container("cpu", "1").Info(), snapshot).SelectedNode);
    }

    [Fact]
    public void Ties_are_broken_at_random_reproducibly_with_a_seeded_random()
    {
        var snapshot = Run.Snapshot([Node("a"), Node("b"), Node("c")]);
        var pod = Pod().Container("cpu", "1").Info();

        string[] Picks(int seed)
        {
            var algorithm = new SchedulingAlgorithm(random: new Random(seed));
            return [.. Enumerable.Range(0, 60).Select(_ => algorithm.Schedule(pod, snapshot).SelectedNode!)];
        }

        var picks = Picks(7);
        Assert.Equal(["a", "b", "c"], picks.Distinct().Order());
        Assert.All(picks.GroupBy(p => p), group => Assert.InRange(group.Count(), 8, 40));
        Assert.Equal(picks, Picks(7));
    }

    [Fact]
    public void Sampling_stops_once_enough_nodes_fit_and_the_next_attempt_starts_where_it_stopped()
    {
        var snapshot = new Snapshot();
        for (var i = 0; i < 1000; i++)
        {
            snapshot.UpsertNode(Node($"n{i:D4}").Build());
        }

        var algorithm = new SchedulingAlgorithm(random: new Random(1));
        var first = algorithm.Schedule(Pod().Info(), snapshot, explain: true);
        var second = algorithm.Schedule(Pod().Info(), snapshot, explain: true);

        Assert.Equal(420, first.EvaluatedNodes);
        Assert.Equal(420, first.FeasibleNodes);
        Assert.Equal(420, first.Explanation!.Filtered.Count);
        Assert.Equal(snapshot.Nodes[420].Name, second.Explanation!.Filtered[0].Node);
        Assert.Equal(snapshot.Nodes[839].Name, second.Explanation.Filtered[^1].Node);

        var everything = new SchedulingAlgorithm(new SchedulerSettings { PercentageOfNodesToScore = 100 }).Schedule(Pod().Info(), snapshot);
        Assert.Equal(1000, everything.EvaluatedNodes);
    }

    [Fact]
    public void Sampling_goes_on_past_rejected_nodes()
    {
        var snapshot = new Snapshot();
        for (var i = 0; i < 200; i++)
        {
            snapshot.UpsertNode((i % 2 == 0 ? Node($"n{i}") : Node($"n{i}").Unschedulable()).Build());
        }

        var result = new SchedulingAlgorithm(new SchedulerSettings { PercentageOfNodesToScore = 10 }).Schedule(Pod().Info(), snapshot);

        // 100 feasible are wanted (the minimum); about as many were rejected on the way.
        Assert.Equal(100, result.FeasibleNodes);
        Assert.InRange(result.EvaluatedNodes, 199, 200);
    }

    [Fact]
    public void A_nominated_node_that_fits_is_taken_without_looking_further()
    {
        var snapshot = Run.Snapshot([Node("a"), Node("b"), Node("nominated").Cpu("1")]);

        var result = new SchedulingAlgorithm().Schedule(Pod().Container("cpu", "500m").Nominated("nominated").Info(), snapshot);
        Assert.Equal("nominated", result.SelectedNode);
        Assert.Equal(1, result.EvaluatedNodes);

        var tooBig = new SchedulingAlgorithm().Schedule(Pod().Container("cpu", "2").Nominated("nominated").Info(), snapshot);
        Assert.NotEqual("nominated", tooBig.SelectedNode);
        Assert.True(tooBig.Succeeded);
    }

    [Fact]
    public void Assumed_pods_fill_nodes_until_nothing_fits()
    {
        var snapshot = Run.Snapshot([Node("n1"), Node("n2")]);
        var algorithm = new SchedulingAlgorithm(random: new Random(3));
        for (var i = 0; i < 4; i++)
        {
            var pod = Pod($"p{i}").Container("cpu", "2").Info();
            var result = algorithm.Schedule(pod, snapshot);
            Assert.True(result.Succeeded, result.FailureMessage);
            snapshot.AssumePod(pod, result.SelectedNode!);
        }

        // LeastAllocated spreads them: two on each.
        Assert.All(snapshot.Nodes, node => Assert.Equal(4000, node.Requested.MilliCpu));
        var last = algorithm.Schedule(Pod("p4").Container("cpu", "2").Info(), snapshot);
        Assert.Equal("0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
            last.FailureMessage);
    }

    [Fact]
    public void An_explanation_shows_each_nodes_filter_outcome_and_each_plugins_score()
    {
        var snapshot = Run.Snapshot([Node("a"), Node("b").Taint("spot", "", "PreferNoSchedule"), Node("c").Unschedulable()]);

        var result = new SchedulingAlgorithm(random: new Random(1)).Schedule(Pod().Container("cpu", "1").Info(), snapshot, explain: true);
        var explanation = result.Explanation!;

        Assert.Equal("a", result.SelectedNode);
        Assert.Equal("a", explanation.SelectedNode);
        Assert.Equal(3, explanation.Filtered.Count);
        Assert.Equal("NodeUnschedulable", explanation.Filtered.Single(o => o.Node == "c").Rejection!.Plugin);
        Assert.Equal(["a", "b"], explanation.Scores.Select(s => s.Node));
        var taints = explanation.Scores[1].Plugins.Single(p => p.Plugin == "TaintToleration");
        Assert.Equal(1, taints.Raw);
        Assert.Equal(0, taints.Normalized);
        Assert.Equal(3, taints.Weight);
        Assert.Equal(300, explanation.Scores[0].Plugins.Single(p => p.Plugin == "TaintToleration").Weighted);
        Assert.Equal(explanation.Scores[0].Plugins.Sum(p => p.Weighted), explanation.Scores[0].Total);
        Assert.Contains("NodeAffinity", explanation.SkippedFilters);
        Assert.Contains("NodeAffinity", explanation.SkippedScores);
        Assert.Contains("c: NodeUnschedulable: node(s) were unschedulable", explanation.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_come_from_the_settings_and_0_turns_a_score_off()
    {
        var settings = new SchedulerSettings { Weights = new PluginWeights { TaintToleration = 0, NodeAffinity = 5 } };
        var profile = SchedulerProfile.CreateDefault(settings);

        Assert.DoesNotContain(profile.ScorePlugins, plugin => plugin.Name == "TaintToleration");
        Assert.Equal(5, profile.WeightOf("NodeAffinity"));
        Assert.Equal(2, SchedulerProfile.CreateDefault().WeightOf("PodTopologySpread"));
        Assert.Equal(3, SchedulerProfile.CreateDefault().WeightOf("TaintToleration"));

        // The taint preference no longer counts: with LeastAllocated equal, both nodes tie.
        var snapshot = Run.Snapshot([Node("a"), Node("b").Taint("spot", "", "PreferNoSchedule")]);
        var picks = Enumerable.Range(0, 40).Select(i => new SchedulingAlgorithm(settings, new Random(i)).Schedule(Pod().Container("cpu", "1").Info(), snapshot).SelectedNode);
        Assert.Equal(["a", "b"], picks.Distinct().Order());
    }

    [Fact]
    public void The_node_ready_filter_can_be_turned_off()
    {
        var snapshot = Run.Snapshot([Node("down").Ready("False")]);

        Assert.False(new SchedulingAlgorithm().Schedule(Pod().Info(), snapshot).Succeeded);
        Assert.Equal("down", new SchedulingAlgorithm(new SchedulerSettings { NodeReadyFilter = false }).Schedule(Pod().Info(), snapshot).SelectedNode);
    }

    [Fact]
    public void A_custom_profile_runs_only_its_plugins()
    {
        var profile = new SchedulerProfile([new NodeResourcesFit()], new Dictionary<string, int>());
        var snapshot = Run.Snapshot([Node("cordoned").Unschedulable()]);

        Assert.Equal("cordoned", new SchedulingAlgorithm(profile: profile).Schedule(Pod().Info(), snapshot).SelectedNode);
    }

    [Fact]
    public void Filters_combine_every_plugin()
    {
        var snapshot = Run.Snapshot(
        [
            Node("gpu").Label("zone", "a").Taint("dedicated", "gpu", "NoSchedule").Allocatable("example.com/gpu", "1"),
            Node("a").Label("zone", "a"),
            Node("b").Label("zone", "b"),
        ]);
        var pod = Pod().Container("example.com/gpu", "1").Toleration("dedicated", "Equal", "gpu", "NoSchedule").NodeSelector("zone", "a").Info();

        Assert.Equal("gpu", new SchedulingAlgorithm().Schedule(pod, snapshot).SelectedNode);
        var result = new SchedulingAlgorithm().Schedule(Pod().Container("example.com/gpu", "1").Info(), snapshot);
        Assert.StartsWith("0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 Insufficient example.com/gpu.", result.FailureMessage, StringComparison.Ordinal);
    }
}
