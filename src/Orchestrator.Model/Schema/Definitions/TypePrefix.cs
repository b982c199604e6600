namespace Orchestrator.Model.Schema.Definitions;

/// <summary>The OpenAPI name prefixes of the API packages, so rows read <c>Ref(Core + "PodSpec")</c>.</summary>
internal static class TypePrefix
{
    public const string Meta = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    public const string Core = "io.k8s.api.core.v1.";
    public const string Apps = "io.k8s.api.apps.v1.";
    public const string Batch = "io.k8s.api.batch.v1.";
    public const string Coordination = "io.k8s.api.coordination.v1.";
    public const string Policy = "io.k8s.api.policy.v1.";
    public const string Autoscaling = "io.k8s.api.autoscaling.v1.";
    public const string Authentication = "io.k8s.api.authentication.v1.";
    public const string Networking = "io.k8s.api.networking.v1.";
    public const string Discovery = "io.k8s.api.discovery.v1.";
    public const string Scheduling = "io.k8s.api.scheduling.v1.";
    public const string Rbac = "io.k8s.api.rbac.v1.";
}
