using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Cloud;

/// <summary>What the service controller and providers read of a Service (Kubernetes' service helpers).</summary>
public static class ServiceLoadBalancers
{
    /// <summary>The finalizer that keeps a Service until its load balancer is released.</summary>
    public const string CleanupFinalizer = "service.kubernetes.io/load-balancer-cleanup";

    public const string LoadBalancerType = "LoadBalancer";

    /// <summary>A Service of type LoadBalancer that no other implementation claimed with spec.loadBalancerClass.</summary>
    public static bool WantsLoadBalancer(JsonObject service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return KubeObject.GetString(service, "spec", "type") == LoadBalancerType
            && string.IsNullOrEmpty(KubeObject.GetString(service, "spec", "loadBalancerClass"));
    }

    public static bool HasCleanupFinalizer(JsonObject service) => KubeObject.Finalizers(service).Contains(CleanupFinalizer);

    /// <summary>Being deleted, or no longer a load balancer this controller owns, while it still holds the finalizer.</summary>
    public static bool NeedsCleanup(JsonObject service) =>
        HasCleanupFinalizer(service) && (KubeObject.DeletionTimestamp(service) is not null || !WantsLoadBalancer(service));
}
