using Orchestrator.Model.OpenApi;
using static Orchestrator.Model.OpenApi.ServedSubresources;

namespace Orchestrator.Model.Tests.OpenApi;

/// <summary>A served set like the gateway's: core kinds with subresources, a workload with scale, other groups, and a kind without a schema.</summary>
internal static class SampleResources
{
    public static IReadOnlyList<OpenApiResource> All { get; } =
    [
        new("", "v1", "Namespace", "namespaces", false, Status),
        new("", "v1", "Node", "nodes", false, Status),
        new("", "v1", "Pod", "pods", true, Status | Binding | Eviction),
        new("", "v1", "ConfigMap", "configmaps", true),
        new("", "v1", "ServiceAccount", "serviceaccounts", true, Token),
        new("apps", "v1", "Deployment", "deployments", true, Status | Scale),
        new("coordination.k8s.io", "v1", "Lease", "leases", true),
        new("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false),
        new("example.com", "v1", "Widget", "widgets", true),
    ];
}
