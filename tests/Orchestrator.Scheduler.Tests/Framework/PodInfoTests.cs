using Orchestrator.Scheduler.Framework;
using Xunit;
using static Orchestrator.Scheduler.Tests.TestSupport.PodBuilder;

namespace Orchestrator.Scheduler.Tests.Framework;

public sealed class PodInfoTests
{
    [Fact]
    public void Priority_is_spec_priority()
    {
        Assert.Equal(1000, Pod().Priority(1000).Info().Priority);
        Assert.Equal(-5, Pod().Priority(-5).Info().Priority);
    }

    [Fact]
    public void Without_spec_priority_the_built_in_classes_resolve_and_anything_else_is_zero()
    {
        Assert.Equal(2_000_000_000, Pod().NoPriority().PriorityClass("system-cluster-critical").Info().Priority);
        Assert.Equal(2_000_001_000, Pod().NoPriority().PriorityClass("system-node-critical").Info().Priority);
        Assert.Equal(0, Pod().NoPriority().PriorityClass("high").Info().Priority);
        Assert.Equal(0, Pod().NoPriority().Info().Priority);

        // spec.priority wins: the API resolved it at creation.
        Assert.Equal(7, Pod().Priority(7).PriorityClass("system-node-critical").Info().Priority);
    }

    [Fact]
    public void Preemption_policy_never_is_read()
    {
        Assert.True(Pod().Info().PreemptsLowerPriority);
        Assert.False(Pod().PreemptNever().Info().PreemptsLowerPriority);
    }

    [Fact]
    public void Host_ports_of_0_are_ignored_and_defaults_filled()
    {
        var pod = Pod().HostPort(0).HostPort(8080, protocol: "").HostPort(53, "UDP", "127.0.0.1").Info();

        Assert.Equal([new HostPort("0.0.0.0", "TCP", 8080), new HostPort("127.0.0.1", "UDP", 53)], pod.HostPorts);
    }

    [Fact]
    public void Identity_and_state()
    {
        var pod = Pod("web", "shop").Label("app", "web").OnNode("n1").Nominated("n2").Terminating().Info();

        Assert.Equal("shop-web-uid", pod.Key);
        Assert.Equal("shop/web", pod.ToString());
        Assert.Equal("web", pod.Labels["app"]);
        Assert.Equal("n1", pod.NodeName);
        Assert.Equal("n2", pod.NominatedNodeName);
        Assert.True(pod.IsTerminating);
        Assert.Equal("default-scheduler", pod.SchedulerName);
    }

    [Fact]
    public void A_pod_without_uid_is_keyed_by_namespace_and_name()
    {
        var json = Pod("a", "ns").Build();
        json["metadata"]!.AsObject().Remove("uid");
        Assert.Equal("ns/a", PodInfo.FromPod(json).Key);
    }

    [Fact]
    public void Affinity_terms_default_to_the_pods_own_namespace()
    {
        var pod = Pod("a", "shop").Affinity("""
            {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
              {"labelSelector": {"matchLabels": {"app": "db"}}, "topologyKey": "zone"},
              {"labelSelector": {"matchLabels": {"app": "db"}}, "namespaces": ["other"], "topologyKey": "zone"},
              {"labelSelector": {"matchLabels": {"app": "db"}}, "namespaceSelector": {}, "topologyKey": "zone"}]}}
            """).Info();

        Assert.True(pod.HasPodAffinity);
        Assert.Equal(["shop"], pod.RequiredAntiAffinityTerms[0].Namespaces);
        Assert.Equal(["other"], pod.RequiredAntiAffinityTerms[1].Namespaces);
        Assert.Empty(pod.RequiredAntiAffinityTerms[2].Namespaces);
        Assert.True(pod.RequiredAntiAffinityTerms[2].NamespaceSelector.IsEverything);
        Assert.True(pod.RequiredAntiAffinityTerms[0].NamespaceSelector.IsNothing);
    }

    [Fact]
    public void Preferred_node_terms_of_weight_0_or_without_requirements_are_dropped()
    {
        var pod = Pod().Affinity("""
            {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
              {"weight": 0, "preference": {"matchExpressions": [{"key": "a", "operator": "Exists"}]}},
              {"weight": 5, "preference": {}},
              {"weight": 7, "preference": {"matchExpressions": [{"key": "a", "operator": "Exists"}]}}]}}
            """).Info();

        Assert.Equal(7, Assert.Single(pod.PreferredNodeTerms).Weight);
    }

    [Fact]
    public void Topology_spread_merges_match_label_keys()
    {
        var json = Pod().Label("app", "web").Label("pod-template-hash", "abc").Spread(1, "zone", "DoNotSchedule", """{"matchLabels": {"app": "web"}}""").Build();
        json["spec"]!["topologySpreadConstraints"]![0]!["matchLabelKeys"] = new System.Text.Json.Nodes.JsonArray("pod-template-hash", "missing");

        var constraint = Assert.Single(PodInfo.FromPod(json).TopologySpreadConstraints);

        Assert.Equal("app=web,pod-template-hash in (abc)", constraint.Selector.ToString());
        Assert.True(constraint.DoNotSchedule);
        Assert.Equal(1, constraint.MinDomains);
        Assert.True(constraint.HonorNodeAffinity);
        Assert.False(constraint.HonorNodeTaints);
    }
}
