using Orchestrator.Scheduler.Framework;
using Orchestrator.Scheduler.Plugins;
using Orchestrator.Scheduler.Tests.TestSupport;
using Xunit;
using static Orchestrator.Scheduler.Tests.TestSupport.NodeBuilder;
using static Orchestrator.Scheduler.Tests.TestSupport.PodBuilder;

namespace Orchestrator.Scheduler.Tests.Plugins;

public sealed class NodeAffinityTests
{
    private readonly NodeAffinity _plugin = new();

    private readonly Snapshot _snapshot = Run.Snapshot([
        Node("a1").Label("zone", "a").Label("cores", "8").Label("ssd", "true"),
        Node("a2").Label("zone", "a").Label("cores", "two"),
        Node("b1").Label("zone", "b").Label("cores", "32"),
        Node("bare"),
    ]);

    private static PodBuilder Required(string terms) =>
        Pod().Affinity("""{"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": """ + terms + "}}}");

    [Fact]
    public void NodeSelector_needs_every_label_equal()
    {
        Assert.Equal(["a1", "a2"], Run.Feasible(_plugin, Pod().NodeSelector("zone", "a").Info(), _snapshot));
        Assert.Equal(["a1"], Run.Feasible(_plugin, Pod().NodeSelector("zone", "a").NodeSelector("ssd", "true").Info(), _snapshot));
    }

    [Fact]
    public void The_rejection_is_unresolvable_and_worded_as_kubernetes()
    {
        var status = Run.Filter(_plugin, Pod().NodeSelector("zone", "c").Info(), _snapshot, "a1")!;

        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, status.Code);
        Assert.Equal(["node(s) didn't match Pod's node affinity/selector"], status.Reasons);
    }

    [Theory]
    [InlineData("""{"key": "zone", "operator": "In", "values": ["b", "c"]}""", new[] { "b1" })]
    [InlineData("""{"key": "zone", "operator": "NotIn", "values": ["a"]}""", new[] { "b1", "bare" })]
    [InlineData("""{"key": "ssd", "operator": "Exists"}""", new[] { "a1" })]
    [InlineData("""{"key": "ssd", "operator": "DoesNotExist"}""", new[] { "a2", "b1", "bare" })]
    [InlineData("""{"key": "cores", "operator": "Gt", "values": ["8"]}""", new[] { "b1" })]
    [InlineData("""{"key": "cores", "operator": "Lt", "values": ["16"]}""", new[] { "a1" })]
    [InlineData("""{"key": "cores", "operator": "Gt", "values": ["not-a-number"]}""", new string[0])]
    [InlineData("""{"key": "zone", "operator": "Bogus", "values": ["a"]}""", new string[0])]
    public void Match_expressions(string expression, string[] feasible)
    {
        Assert.Equal(feasible, Run.Feasible(_plugin, Required($$$"""[{"matchExpressions": [{{{expression}}}]}]""").Info(), _snapshot));
    }

    [Fact]
    public void Expressions_of_a_term_are_anded_terms_are_ored()
    {
        var anded = Required("""[{"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}, {"key": "ssd", "operator": "Exists"}]}]""").Info();
        Assert.Equal(["a1"], Run.Feasible(_plugin, anded, _snapshot));

        var ored = Required("""[{"matchExpressions": [{"key": "ssd", "operator": "Exists"}]}, {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["b"]}]}]""").Info();
        Assert.Equal(["a1", "b1"], Run.Feasible(_plugin, ored, _snapshot));
    }

    [Fact]
    public void Match_fields_select_by_node_name()
    {
        var pinned = Required("""[{"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["a2"]}]}]""").Info();
        Assert.Equal(["a2"], Run.Feasible(_plugin, pinned, _snapshot));

        var avoided = Required("""[{"matchFields": [{"key": "metadata.name", "operator": "NotIn", "values": ["a2"]}]}]""").Info();
        Assert.Equal(["a1", "b1", "bare"], Run.Feasible(_plugin, avoided, _snapshot));

        var twoValues = Required("""[{"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["a1", "a2"]}]}]""").Info();
        Assert.Empty(Run.Feasible(_plugin, twoValues, _snapshot));
    }

    [Fact]
    public void An_empty_term_matches_no_node_and_no_terms_match_nothing()
    {
        Assert.Empty(Run.Feasible(_plugin, Required("[{}]").Info(), _snapshot));
        Assert.Empty(Run.Feasible(_plugin, Required("[]").Info(), _snapshot));
    }

    [Fact]
    public void NodeSelector_and_affinity_must_both_hold()
    {
        var pod = Required("""[{"matchExpressions": [{"key": "cores", "operator": "Exists"}]}]""").NodeSelector("zone", "a").Info();
        Assert.Equal(["a1", "a2"], Run.Feasible(_plugin, pod, _snapshot));
    }

    [Fact]
    public void Without_any_requirement_the_filter_is_skipped()
    {
        var state = new CycleState();
        Assert.Equal(StatusCode.Skip, _plugin.PreFilter(state, Pod().Info(), _snapshot)!.Code);
    }

    [Fact]
    public void Preferred_terms_score_their_weights_scaled_to_the_best()
    {
        var pod = Pod().Affinity("""
            {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
              {"weight": 20, "preference": {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}},
              {"weight": 60, "preference": {"matchExpressions": [{"key": "ssd", "operator": "Exists"}]}}]}}
            """).Info();

        var scores = Run.Scores(_plugin, pod, _snapshot);

        Assert.Equal(100, scores["a1"]);
        Assert.Equal(25, scores["a2"]);
        Assert.Equal(0, scores["b1"]);
        Assert.Equal(0, scores["bare"]);
    }
}
