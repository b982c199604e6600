using Orchestrator.Api.Kinds;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Tables;
using Xunit;

namespace Orchestrator.Api.Tests.Kinds;

public sealed class BuiltInResourcesTests
{
    private readonly ResourceRegistry _registry = BuiltInResources.Register(new ResourceRegistry());

    [Theory]
    [InlineData("", "v1", "namespaces", "Namespace", false, "ns", "", true, false)]
    [InlineData("", "v1", "nodes", "Node", false, "no", "", true, false)]
    [InlineData("", "v1", "pods", "Pod", true, "po", "all", true, false)]
    [InlineData("", "v1", "configmaps", "ConfigMap", true, "cm", "", false, false)]
    [InlineData("", "v1", "secrets", "Secret", true, "", "", false, false)]
    [InlineData("", "v1", "events", "Event", true, "ev", "", false, false)]
    [InlineData("coordination.k8s.io", "v1", "leases", "Lease", true, "", "", false, false)]
    [InlineData("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false, "pc", "", false, false)]
    [InlineData("", "v1", "services", "Service", true, "svc", "all", true, false)]
    [InlineData("", "v1", "endpoints", "Endpoints", true, "ep", "", false, false)]
    [InlineData("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true, "", "", false, false)]
    [InlineData("", "v1", "serviceaccounts", "ServiceAccount", true, "sa", "", false, false)]
    [InlineData("apps", "v1", "deployments", "Deployment", true, "deploy", "all", true, true)]
    [InlineData("apps", "v1", "replicasets", "ReplicaSet", true, "rs", "all", true, true)]
    [InlineData("apps", "v1", "daemonsets", "DaemonSet", true, "ds", "all", true, false)]
    [InlineData("apps", "v1", "controllerrevisions", "ControllerRevision", true, "", "", false, false)]
    [InlineData("batch", "v1", "jobs", "Job", true, "", "all", true, false)]
    [InlineData("batch", "v1", "cronjobs", "CronJob", true, "cj", "all", true, false)]
    public void Registers_each_kind_as_Kubernetes_serves_it(
        string group, string version, string plural, string kind, bool namespaced, string shortNames, string categories, bool hasStatus, bool hasScale)
    {
        var type = _registry.Find(group, version, plural);

        Assert.NotNull(type);
        Assert.Equal(kind, type.Kind);
        Assert.Equal(namespaced, type.Namespaced);
        Assert.Equal(shortNames, string.Join(",", type.ShortNames));
        Assert.Equal(categories, string.Join(",", type.Categories));
        Assert.Equal(hasStatus, type.HasStatus);
        Assert.Equal(hasScale, type.HasScale);
        Assert.Same(type, _registry.FindByKind(group, kind));
    }

    [Fact]
    public void Registers_eighteen_kinds_in_six_group_versions()
    {
        Assert.Equal(18, _registry.Types.Count);
        Assert.Equal([("", "v1"), ("coordination.k8s.io", "v1"), ("scheduling.k8s.io", "v1"), ("discovery.k8s.io", "v1"), ("apps", "v1"), ("batch", "v1")], _registry.GroupVersions.ToList());
    }

    [Fact]
    public void Every_kind_has_its_own_table_whose_rows_fit_its_columns()
    {
        foreach (var type in _registry.Types)
        {
            Assert.IsNotType<DefaultTableConvertor>(type.Table);
            var obj = System.Text.Json.Nodes.JsonNode.Parse("""{"metadata":{"name":"x","creationTimestamp":"2024-01-01T00:00:00Z"}}""")!.AsObject();
            Assert.Equal(type.Table.Columns.Count, type.Table.Cells(obj, DateTimeOffset.Parse("2024-01-01T00:00:09Z", System.Globalization.CultureInfo.InvariantCulture)).Count);
        }
    }

    [Fact]
    public void Jobs_select_by_successful_count_and_services_by_metadata_only()
    {
        Assert.Equal(["status.successful"], _registry.Find("batch", "v1", "jobs")!.SelectableFields);
        Assert.Empty(_registry.Find("", "v1", "services")!.SelectableFields);
        Assert.Empty(_registry.Find("apps", "v1", "replicasets")!.SelectableFields);
    }

    [Theory]
    [InlineData("pods", "spec.nodeName,spec.restartPolicy,spec.schedulerName,spec.serviceAccountName,spec.hostNetwork,status.phase,status.podIP,status.nominatedNodeName")]
    [InlineData("nodes", "spec.unschedulable")]
    [InlineData("secrets", "type")]
    [InlineData("namespaces", "status.phase")]
    [InlineData("events", "involvedObject.kind,involvedObject.namespace,involvedObject.name,involvedObject.uid,involvedObject.apiVersion,involvedObject.resourceVersion,involvedObject.fieldPath,reason,reportingComponent,source,type")]
    [InlineData("configmaps", "")]
    public void Declares_the_field_selectors_Kubernetes_supports(string plural, string fields)
    {
        var type = _registry.Find("", "v1", plural)!;

        Assert.Equal(fields, string.Join(",", type.SelectableFields));
        Assert.Equal(["metadata.name", "metadata.namespace"], type.AllSelectableFields.Take(2));
    }

    [Theory]
    [InlineData("namespaces", typeof(NamespaceStrategy))]
    [InlineData("nodes", typeof(NodeStrategy))]
    [InlineData("pods", typeof(PodStrategy))]
    [InlineData("configmaps", typeof(ConfigMapStrategy))]
    [InlineData("secrets", typeof(SecretStrategy))]
    [InlineData("events", typeof(EventStrategy))]
    [InlineData("services", typeof(ServiceStrategy))]
    [InlineData("endpoints", typeof(EndpointsStrategy))]
    [InlineData("serviceaccounts", typeof(ServiceAccountStrategy))]
    public void Gives_each_core_kind_its_own_strategy(string plural, Type strategy)
    {
        Assert.IsType(strategy, _registry.Find("", "v1", plural)!.Strategy);
    }

    [Fact]
    public void The_default_toleration_periods_are_settings()
    {
        var registry = BuiltInResources.Register(new ResourceRegistry(), notReadyTolerationSeconds: 5, unreachableTolerationSeconds: 7);
        var pods = registry.Find("", "v1", "pods")!;
        var pod = System.Text.Json.Nodes.JsonNode.Parse("""{"spec":{"containers":[{"name":"c","image":"x"}]}}""")!.AsObject();

        pods.Strategy.Default(pod);

        var seconds = pod["spec"]!["tolerations"]!.AsArray().ToDictionary(t => t!["key"]!.GetValue<string>(), t => t!["tolerationSeconds"]!.GetValue<int>());
        Assert.Equal(5, seconds["node.kubernetes.io/not-ready"]);
        Assert.Equal(7, seconds["node.kubernetes.io/unreachable"]);
        var standard = (PodStrategy)_registry.Find("", "v1", "pods")!.Strategy;
        Assert.Equal((300, 300), (standard.DefaultNotReadyTolerationSeconds, standard.DefaultUnreachableTolerationSeconds));
    }

    [Fact]
    public void Lease_uses_the_lease_strategy_and_the_qualified_names()
    {
        var lease = _registry.Find("coordination.k8s.io", "v1", "leases")!;

        Assert.IsType<LeaseStrategy>(lease.Strategy);
        Assert.Equal("coordination.k8s.io/v1", lease.GroupVersion);
        Assert.Equal("leases.coordination.k8s.io", lease.QualifiedResource);
    }
}
