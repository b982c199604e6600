using Orchestrator.Model.Schema;
using Xunit;

namespace Orchestrator.Model.Tests.Schema;

public class KubeSchemaTests
{
    [Theory]
    [InlineData("v1", "Namespace", "io.k8s.api.core.v1.Namespace")]
    [InlineData("v1", "Node", "io.k8s.api.core.v1.Node")]
    [InlineData("v1", "Pod", "io.k8s.api.core.v1.Pod")]
    [InlineData("v1", "ConfigMap", "io.k8s.api.core.v1.ConfigMap")]
    [InlineData("v1", "Secret", "io.k8s.api.core.v1.Secret")]
    [InlineData("v1", "Event", "io.k8s.api.core.v1.Event")]
    [InlineData("v1", "Service", "io.k8s.api.core.v1.Service")]
    [InlineData("v1", "Endpoints", "io.k8s.api.core.v1.Endpoints")]
    [InlineData("v1", "ServiceAccount", "io.k8s.api.core.v1.ServiceAccount")]
    [InlineData("v1", "Binding", "io.k8s.api.core.v1.Binding")]
    [InlineData("v1", "PodList", "io.k8s.api.core.v1.PodList")]
    [InlineData("v1", "Status", "io.k8s.apimachinery.pkg.apis.meta.v1.Status")]
    [InlineData("apps/v1", "Deployment", "io.k8s.api.apps.v1.Deployment")]
    [InlineData("apps/v1", "ReplicaSet", "io.k8s.api.apps.v1.ReplicaSet")]
    [InlineData("apps/v1", "DaemonSet", "io.k8s.api.apps.v1.DaemonSet")]
    [InlineData("apps/v1", "StatefulSet", "io.k8s.api.apps.v1.StatefulSet")]
    [InlineData("batch/v1", "Job", "io.k8s.api.batch.v1.Job")]
    [InlineData("batch/v1", "CronJob", "io.k8s.api.batch.v1.CronJob")]
    [InlineData("coordination.k8s.io/v1", "Lease", "io.k8s.api.coordination.v1.Lease")]
    [InlineData("policy/v1", "Eviction", "io.k8s.api.policy.v1.Eviction")]
    [InlineData("autoscaling/v1", "Scale", "io.k8s.api.autoscaling.v1.Scale")]
    [InlineData("authentication.k8s.io/v1", "TokenRequest", "io.k8s.api.authentication.v1.TokenRequest")]
    [InlineData("meta.k8s.io/v1", "DeleteOptions", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions")]
    [InlineData("batch/v1", "DeleteOptions", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions")]
    public void Find_returns_the_message_of_a_kind(string apiVersion, string kind, string fullName)
    {
        var message = KubeSchema.Find(apiVersion, kind);

        Assert.NotNull(message);
        Assert.Equal(fullName, message.FullName);
        Assert.Equal(kind, message.Kind);
        Assert.True(message.IsKind);
        Assert.Contains(apiVersion, message.ApiVersions);
    }

    [Theory]
    [InlineData("v1", "Deployment")]
    [InlineData("apps/v1beta1", "Deployment")]
    [InlineData("v1", "PodSpec")]
    [InlineData("v1", "pod")]
    public void Find_returns_null_for_what_is_not_served(string apiVersion, string kind) =>
        Assert.Null(KubeSchema.Find(apiVersion, kind));

    [Fact]
    public void Message_finds_nested_types_and_throws_for_unknown_ones()
    {
        var podSpec = KubeSchema.Message("io.k8s.api.core.v1.PodSpec");

        Assert.False(podSpec.IsKind);
        Assert.Null(podSpec.Kind);
        Assert.Equal("PodSpec", podSpec.Name);
        Assert.Throws<KeyNotFoundException>(() => KubeSchema.Message("io.k8s.api.core.v1.Nothing"));
    }

    [Theory]
    // Spot checks against the .proto files (core/v1, apps/v1, meta/v1 generated.proto).
    [InlineData("io.k8s.api.core.v1.PodSpec", "containers", 2)]
    [InlineData("io.k8s.api.core.v1.PodSpec", "initContainers", 20)]
    [InlineData("io.k8s.api.core.v1.PodSpec", "ephemeralContainers", 34)]
    [InlineData("io.k8s.api.core.v1.PodSpec", "resources", 40)]
    [InlineData("io.k8s.api.core.v1.Container", "resizePolicy", 23)]
    [InlineData("io.k8s.api.core.v1.Container", "restartPolicy", 24)]
    [InlineData("io.k8s.api.core.v1.Probe", "terminationGracePeriodSeconds", 7)]
    [InlineData("io.k8s.api.core.v1.VolumeSource", "ephemeral", 29)]
    [InlineData("io.k8s.api.core.v1.Secret", "stringData", 4)]
    [InlineData("io.k8s.api.apps.v1.DeploymentSpec", "progressDeadlineSeconds", 9)]
    [InlineData("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "managedFields", 17)]
    [InlineData("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "finalizers", 14)]
    [InlineData("io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference", "controller", 6)]
    public void Field_numbers_are_kubernetes(string message, string field, int number) =>
        Assert.Equal(number, KubeSchema.Message(message).FieldByJsonName(field)!.Number);

    [Fact]
    public void Fields_read_as_kubernetes_types()
    {
        var spec = KubeSchema.Message("io.k8s.api.apps.v1.DeploymentSpec");

        var replicas = spec.FieldByJsonName("replicas")!;
        var selector = spec.FieldByJsonName("selector")!;
        var template = spec.FieldByJsonName("template")!;

        Assert.Equal((FieldKind.Int32, FieldShape.Single, JsonPresence.WhenSet), (replicas.Type.Kind, replicas.Type.Shape, replicas.Presence));
        Assert.Equal(JsonPresence.NullWhenUnset, selector.Presence);
        Assert.True(selector.IsRequired);
        Assert.Equal("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector", selector.Message.FullName);
        Assert.Equal("io.k8s.api.core.v1.PodTemplateSpec", template.Type.MessageName);
        Assert.Equal(JsonPresence.Always, template.Presence);
        Assert.Equal("Number of desired pods.", replicas.Description);
    }

    [Fact]
    public void Kubernetes_special_types_have_their_own_kinds()
    {
        var requirements = KubeSchema.Message("io.k8s.api.core.v1.ResourceRequirements");
        var meta = KubeSchema.Message("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
        var port = KubeSchema.Message("io.k8s.api.core.v1.ServicePort");
        var secret = KubeSchema.Message("io.k8s.api.core.v1.Secret");

        Assert.Equal(FieldType.MapOf(FieldType.Quantity), requirements.FieldByJsonName("limits")!.Type);
        Assert.Equal(FieldKind.Time, meta.FieldByJsonName("creationTimestamp")!.Type.Kind);
        Assert.Equal(FieldKind.IntOrString, port.FieldByJsonName("targetPort")!.Type.Kind);
        Assert.Equal(FieldType.MapOf(FieldType.Bytes), secret.FieldByJsonName("data")!.Type);
        Assert.Equal("map[string]Quantity", requirements.FieldByJsonName("limits")!.Type.ToString());
    }

    [Fact]
    public void Inline_fields_have_no_json_name_and_point_at_their_struct()
    {
        var volume = KubeSchema.Message("io.k8s.api.core.v1.Volume");
        var probe = KubeSchema.Message("io.k8s.api.core.v1.Probe");

        var source = volume.FieldByNumber(2)!;

        Assert.True(source.IsInline);
        Assert.Equal(string.Empty, source.JsonName);
        Assert.Equal("io.k8s.api.core.v1.VolumeSource", source.Message.FullName);
        Assert.Null(volume.FieldByJsonName(string.Empty));
        Assert.True(probe.FieldByNumber(1)!.IsInline);
        Assert.Equal("io.k8s.api.core.v1.ProbeHandler", probe.FieldByNumber(1)!.Type.MessageName);
    }

    [Fact]
    public void Fields_by_number_are_sorted_and_fields_keep_json_order()
    {
        var podSpec = KubeSchema.Message("io.k8s.api.core.v1.PodSpec");

        Assert.Equal(podSpec.FieldsByNumber.Select(f => f.Number).Order(), podSpec.FieldsByNumber.Select(f => f.Number));
        Assert.Equal(["volumes", "initContainers", "containers"], podSpec.Fields.Take(3).Select(f => f.JsonName));
    }

    [Fact]
    public void Every_message_is_described_and_almost_every_field()
    {
        var messages = KubeSchema.Default.Messages.ToList();
        var fields = messages.SelectMany(m => m.Fields).Where(f => !f.IsInline).ToList();

        Assert.True(messages.Count > 250, $"{messages.Count} messages");
        Assert.All(messages.Where(m => m.Name is not ("GRPCAction" or "PortStatus" or "LinuxContainerUser" or "ResourceHealth" or "TypedObjectReference" or "ResourceStatus" or "ContainerUser")), m => Assert.NotEmpty(m.Description));

        // A few upstream fields have no comment at all (NamespaceCondition.reason, say).
        Assert.True(fields.Count(f => f.Description.Length == 0) < 20, string.Join(", ", fields.Where(f => f.Description.Length == 0)));
    }

    [Fact]
    public void Every_top_level_kind_of_the_served_groups_is_registered()
    {
        var kinds = KubeSchema.Default.Kinds.Select(k => $"{k.ApiVersion}/{k.Kind}").ToHashSet();

        Assert.Superset(
            new HashSet<string>
            {
                "v1/Namespace", "v1/Node", "v1/Pod", "v1/ConfigMap", "v1/Secret", "v1/Event", "v1/Service", "v1/Endpoints",
                "v1/ServiceAccount", "v1/Binding", "v1/ResourceQuota", "v1/PersistentVolumeClaim", "apps/v1/Deployment",
                "apps/v1/ReplicaSet", "apps/v1/DaemonSet", "apps/v1/StatefulSet", "batch/v1/Job", "batch/v1/CronJob",
                "coordination.k8s.io/v1/Lease", "policy/v1/Eviction", "policy/v1/PodDisruptionBudget", "autoscaling/v1/Scale",
                "authentication.k8s.io/v1/TokenRequest", "networking.k8s.io/v1/Ingress", "scheduling.k8s.io/v1/PriorityClass",
                "rbac.authorization.k8s.io/v1/Role", "rbac.authorization.k8s.io/v1/ClusterRole", "rbac.authorization.k8s.io/v1/RoleBinding",
                "rbac.authorization.k8s.io/v1/ClusterRoleBinding", "v1/Status", "meta.k8s.io/v1/DeleteOptions",
            },
            kinds);
    }
}
