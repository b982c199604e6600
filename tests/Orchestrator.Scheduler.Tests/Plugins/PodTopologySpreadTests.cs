using Orchestrator.Scheduler.Framework;
using Orchestrator.Scheduler.Plugins;
using Orchestrator.Scheduler.Tests.TestSupport;
using Xunit;
using static Orchestrator.Scheduler.Tests.TestSupport.NodeBuilder;
using static Orchestrator.Scheduler.Tests.TestSupport.PodBuilder;

namespace Orchestrator.Scheduler.Tests.Plugins;

public sealed class PodTopologySpreadTests
{
    private const string Web = """{"matchLabels": {"app": "web"}}""";

    private readonly PodTopologySpread _plugin = new();

    private static NodeBuilder[] Nodes =>
    [
        Node("a1").Label("zone", "a"),
        Node("a2").Label("zone", "a"),
        Node("b1").Label("zone", "b"),
        Node("c1").Label("zone", "c"),
        Node("nozone"),
    ];

    // Zone a holds 2 web pods, zone b 1, zone c none.
    private static Snapshot Spread(params PodBuilder[] more) => Run.Snapshot(Nodes,
    [
        Pod("w1").Label("app", "web").OnNode("a1"),
        Pod("w2").Label("app", "web").OnNode("a2"),
        Pod("w3").Label("app", "web").OnNode("b1"),
        Pod("other").Label("app", "db").OnNode("c1"),
        .. more,
    ]);

    private static PodInfo Incoming(int maxSkew, string when = "DoNotSchedule", int? minDomains = null) =>
        Pod("new").Label("app", "web").Spread(maxSkew, "zone", when, Web, minDomains).Info();

    [Fact]
    public void Placing_the_pod_must_not_exceed_max_skew_over_the_emptiest_domain()
    {
        var snapshot = Spread();

        // Zone c has 0: a would become 3 - 0, b 2 - 0, c 1 - 0.
        Assert.Equal(["c1"], Run.Feasible(_plugin, Incoming(1), snapshot));
        Assert.Equal(["b1", "c1"], Run.Feasible(_plugin, Incoming(2), snapshot));
        Assert.Equal(["a1", "a2", "b1", "c1"], Run.Feasible(_plugin, Incoming(3), snapshot));

        var status = Run.Filter(_plugin, Incoming(1), snapshot, "a1")!;
        Assert.Equal(StatusCode.Unschedulable, status.Code);
        Assert.Equal(["node(s) didn't match pod topology spread constraints"], status.Reasons);
    }

    [Fact]
    public void A_node_without_the_topology_key_is_rejected_for_good()
    {
        var status = Run.Filter(_plugin, Incoming(5), Spread(), "nozone")!;

        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, status.Code);
        Assert.Equal(["node(s) didn't match pod topology spread constraints (missing required label)"], status.Reasons);
    }

    [Fact]
    public void Pods_elsewhere_terminating_or_not_matching_do_not_count()
    {
        var snapshot = Spread(
            Pod("gone").Label("app", "web").Terminating().OnNode("c1"),
            Pod("foreign", "other").Label("app", "web").OnNode("c1"));

        Assert.Equal(["c1"], Run.Feasible(_plugin, Incoming(1), snapshot));
    }

    [Fact]
    public void A_pod_not_matching_its_own_selector_does_not_add_to_the_skew()
    {
        var pod = Pod("new").Label("app", "other").Spread(1, "zone", "DoNotSchedule", Web).Info();

        // b: 1 + 0 - 0 = 1 fits; a: 2 - 0 does not.
        Assert.Equal(["b1", "c1"], Run.Feasible(_plugin, pod, Spread()));
    }

    [Fact]
    public void Fewer_domains_than_min_domains_make_the_global_minimum_zero()
    {
        // Only zones a and b have nodes: with minDomains 3 the minimum counts as 0.
        var snapshot = Run.Snapshot([Node("a1").Label("zone", "a"), Node("b1").Label("zone", "b")],
            Pod("w1").Label("app", "web").OnNode("a1"), Pod("w2").Label("app", "web").OnNode("b1"));

        Assert.Equal(["a1", "b1"], Run.Feasible(_plugin, Incoming(1), snapshot));
        Assert.Empty(Run.Feasible(_plugin, Incoming(1, minDomains: 3), snapshot));
        Assert.Equal(["a1", "b1"], Run.Feasible(_plugin, Incoming(2, minDomains: 3), snapshot));
    }

    [Fact]
    public void Nodes_the_pod_may_not_run_on_do_not_define_domains_by_default()
    {
        // The pod is confined to zones a and b (nodeAffinityPolicy Honor): zone c's emptiness is not the minimum.
        var pod = Pod("new").Label("app", "web").Spread(1, "zone", "DoNotSchedule", Web)
            .Affinity("""{"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a", "b"]}]}]}}}""")
            .Info();

        Assert.Equal(["b1", "c1"], Run.Feasible(_plugin, pod, Spread()));
    }

    [Fact]
    public void ScheduleAnyway_constraints_do_not_filter()
    {
        Assert.Equal(StatusCode.Skip, _plugin.PreFilter(new CycleState(), Incoming(1, "ScheduleAnyway"), Spread())!.Code);
    }

    [Fact]
    public void ScheduleAnyway_scores_emptier_domains_higher()
    {
        var snapshot = Spread();
        var scores = Run.Scores(_plugin, Incoming(1, "ScheduleAnyway"), snapshot, "a1", "b1", "c1", "nozone");

        // Raw: count × log(3 domains + 2): a 2×1.609 = 3, b 2 (1.609 rounded), c 0; normalized 100 × (3 + 0 - s) / 3.
        Assert.Equal(0, scores["a1"]);
        Assert.Equal(33, scores["b1"]);
        Assert.Equal(100, scores["c1"]);

        // A node without the key is not scored.
        Assert.Equal(0, scores["nozone"]);
    }

    [Fact]
    public void Spreading_by_hostname_counts_each_nodes_pods()
    {
        var pod = Pod("new").Label("app", "web").Spread(1, "kubernetes.io/hostname", "ScheduleAnyway", Web).Info();
        var scores = Run.Scores(_plugin, pod, Spread(Pod("w4").Label("app", "web").OnNode("a1")), "a1", "a2", "c1");

        // a1 holds 2, a2 1, c1 0; weight log(3 + 2).
        Assert.True(scores["c1"] > scores["a2"]);
        Assert.True(scores["a2"] > scores["a1"]);
        Assert.Equal(100, scores["c1"]);
    }
}
