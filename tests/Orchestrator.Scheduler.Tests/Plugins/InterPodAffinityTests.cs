using Orchestrator.Scheduler.Framework;
using Orchestrator.Scheduler.Plugins;
using Orchestrator.Scheduler.Tests.TestSupport;
using Xunit;
using static Orchestrator.Scheduler.Tests.TestSupport.NodeBuilder;
using static Orchestrator.Scheduler.Tests.TestSupport.PodBuilder;

namespace Orchestrator.Scheduler.Tests.Plugins;

public sealed class InterPodAffinityTests
{
    private readonly InterPodAffinity _plugin = new();

    private static NodeBuilder[] Nodes =>
    [
        Node("a1").Label("zone", "a"),
        Node("a2").Label("zone", "a"),
        Node("b1").Label("zone", "b"),
        Node("c1").Label("zone", "c"),
        Node("nozone"),
    ];

    private static string Term(string app, string topologyKey = "zone", string extra = "") =>
        $$$"""{"labelSelector": {"matchLabels": {"app": "{{{app}}}"}}, "topologyKey": "{{{topologyKey}}}"{{{extra}}}}""";

    private static PodBuilder With(string kind, string when, params string[] terms) =>
        Pod("incoming").Affinity($$$"""{"{{{kind}}}": {"{{{when}}}DuringSchedulingIgnoredDuringExecution": [{{{string.Join(",", terms)}}}]}}""");

    private static Snapshot Cluster(params PodBuilder[] pods) => Run.Snapshot(Nodes, [Pod("db").Label("app", "db").OnNode("a1"), Pod("web").Label("app", "web").OnNode("b1"), .. pods]);

    [Fact]
    public void Required_affinity_needs_a_matching_pod_in_the_nodes_domain()
    {
        var snapshot = Cluster();
        var pod = With("podAffinity", "required", Term("db")).Info();

        Assert.Equal(["a1", "a2"], Run.Feasible(_plugin, pod, snapshot));
        var status = Run.Filter(_plugin, pod, snapshot, "b1")!;
        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, status.Code);
        Assert.Equal(["node(s) didn't match pod affinity rules"], status.Reasons);
    }

    [Fact]
    public void Every_required_affinity_term_must_hold()
    {
        var snapshot = Cluster(Pod("cache").Label("app", "cache").OnNode("a2"));

        var both = With("podAffinity", "required", Term("db"), Term("cache", "kubernetes.io/hostname")).Info();
        Assert.Empty(Run.Feasible(_plugin, both, snapshot));

        var zoneAndHost = With("podAffinity", "required", Term("db"), Term("db", "kubernetes.io/hostname")).Info();
        Assert.Equal(["a1"], Run.Feasible(_plugin, zoneAndHost, snapshot));
    }

    [Fact]
    public void The_first_pod_of_a_self_affine_group_may_start_wherever_the_topology_key_exists()
    {
        var snapshot = Cluster();
        var first = With("podAffinity", "required", Term("cache")).Label("app", "cache").Info();
        Assert.Equal(["a1", "a2", "b1", "c1"], Run.Feasible(_plugin, first, snapshot));

        // Not when it does not match its own terms.
        var stranger = With("podAffinity", "required", Term("cache")).Info();
        Assert.Empty(Run.Feasible(_plugin, stranger, snapshot));
    }

    [Fact]
    public void Required_anti_affinity_keeps_the_pod_out_of_domains_with_a_matching_pod()
    {
        var snapshot = Cluster();
        var pod = With("podAntiAffinity", "required", Term("db")).Info();

        // A node without the topology key is not in any domain: anti-affinity does not apply there.
        Assert.Equal(["b1", "c1", "nozone"], Run.Feasible(_plugin, pod, snapshot));
        var status = Run.Filter(_plugin, pod, snapshot, "a2")!;
        Assert.Equal(StatusCode.Unschedulable, status.Code);
        Assert.Equal(["node(s) didn't match pod anti-affinity rules"], status.Reasons);
    }

    [Fact]
    public void Anti_affinity_is_symmetric_existing_pods_keep_matching_pods_out()
    {
        var guard = Pod("guard").OnNode("b1")
            .Affinity($$$"""{"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{{{Term("intruder")}}}]}}""");
        var snapshot = Cluster(guard);

        var intruder = Pod("x").Label("app", "intruder").Info();
        Assert.Equal(["a1", "a2", "c1", "nozone"], Run.Feasible(_plugin, intruder, snapshot));
        var status = Run.Filter(_plugin, intruder, snapshot, "b1")!;
        Assert.Equal(StatusCode.Unschedulable, status.Code);
        Assert.Equal(["node(s) didn't satisfy existing pods anti-affinity rules"], status.Reasons);

        // The guard's term is about its own namespace only.
        var elsewhere = Pod("x", "other").Label("app", "intruder").Info();
        Assert.Equal(["a1", "a2", "b1", "c1", "nozone"], Run.Feasible(_plugin, elsewhere, snapshot));
    }

    [Fact]
    public void Terms_look_in_the_listed_namespaces_or_those_the_namespace_selector_picks()
    {
        var snapshot = Run.Snapshot(Nodes, Pod("db", "data").Label("app", "db").OnNode("c1"));
        snapshot.SetNamespaceLabels("data", new Dictionary<string, string> { ["team"] = "data" });

        Assert.Empty(Run.Feasible(_plugin, With("podAffinity", "required", Term("db")).Info(), snapshot));
        Assert.Equal(["c1"], Run.Feasible(_plugin, With("podAffinity", "required", Term("db", extra: """, "namespaces": ["data"]""")).Info(), snapshot));
        Assert.Equal(["c1"], Run.Feasible(_plugin,
            With("podAffinity", "required", Term("db", extra: """, "namespaceSelector": {"matchLabels": {"team": "data"}}""")).Info(), snapshot));
        Assert.Equal(["c1"], Run.Feasible(_plugin, With("podAffinity", "required", Term("db", extra: """, "namespaceSelector": {}""")).Info(), snapshot));
    }

    [Fact]
    public void Existing_pods_namespace_selectors_are_matched_against_the_incoming_pods_namespace()
    {
        var guard = Pod("guard").OnNode("a1").Affinity(
            """{"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [""" + Term("batch", extra: """, "namespaceSelector": {"matchLabels": {"tier": "batch"}}""") + "]}}");
        var snapshot = Cluster(guard);
        snapshot.SetNamespaceLabels("jobs", new Dictionary<string, string> { ["tier"] = "batch" });

        Assert.Equal(["b1", "c1", "nozone"], Run.Feasible(_plugin, Pod("j", "jobs").Label("app", "batch").Info(), snapshot));
        Assert.Equal(5, Run.Feasible(_plugin, Pod("j", "default").Label("app", "batch").Info(), snapshot).Length);
    }

    [Fact]
    public void Without_any_anti_affinity_anywhere_the_filter_is_skipped()
    {
        Assert.Equal(StatusCode.Skip, _plugin.PreFilter(new CycleState(), Pod().Info(), Cluster())!.Code);
    }

    [Fact]
    public void Preferred_terms_score_domains_by_weight_scaled_between_worst_and_best()
    {
        var pod = Pod("incoming").Affinity($$$"""
            {"podAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 10, "podAffinityTerm": {{{Term("db")}}}}]},
             "podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 5, "podAffinityTerm": {{{Term("web")}}}}]}}
            """).Info();

        var scores = Run.Scores(_plugin, pod, Cluster());

        Assert.Equal(100, scores["a1"]);
        Assert.Equal(100, scores["a2"]);
        Assert.Equal(0, scores["b1"]);
        Assert.Equal(33, scores["c1"]);
        Assert.Equal(33, scores["nozone"]);
    }

    [Fact]
    public void Existing_pods_preferences_and_required_affinity_count_toward_the_incoming_pod()
    {
        var fan = Pod("fan").OnNode("c1").Affinity($$$"""{"podAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 50, "podAffinityTerm": {{{Term("star")}}}}]}}""");
        var follower = Pod("follower").OnNode("b1").Affinity($$$"""{"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{{{Term("star")}}}]}}""");
        var scores = Run.Scores(_plugin, Pod("star").Label("app", "star").Info(), Cluster(fan, follower));

        // c1: 50, b1: 1 (the hard-affinity weight), the rest 0.
        Assert.Equal(100, scores["c1"]);
        Assert.Equal(2, scores["b1"]);
        Assert.Equal(0, scores["a1"]);
    }

    [Fact]
    public void Nothing_to_score_is_skipped()
    {
        var snapshot = Cluster();
        Assert.Equal(StatusCode.Skip, _plugin.PreScore(new CycleState(), Pod().Info(), [.. snapshot.Nodes], snapshot)!.Code);
    }
}
