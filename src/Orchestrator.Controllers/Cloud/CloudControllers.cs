using Orchestrator.Controllers.Cloud.Provider;
using Orchestrator.Controllers.Machinery;

namespace Orchestrator.Controllers.Cloud;

/// <summary>
/// cloud-controller-manager: the cloud loops a provider supports, run by a <see cref="ControllerManager"/>
/// holding the kube-system/cloud-controller-manager Lease (as a cluster singleton, like the controller manager).
/// </summary>
public static class CloudControllers
{
    public const string LeaseName = "cloud-controller-manager";

    /// <summary>The loops the provider has the parts for: node and node lifecycle (instances), service (load balancers), route (routes, when configure-cloud-routes).</summary>
    public static IReadOnlyList<ControllerRegistration> All(ICloudProvider provider, CloudSettings settings)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(settings);
        var loops = new List<ControllerRegistration>();
        if (provider.InstancesV2 is { } instances)
        {
            loops.Add(new(CloudNodeController.ControllerName, context => CloudNodeController.Props(context, instances, settings)));
            loops.Add(new(CloudNodeLifecycleController.ControllerName, context => CloudNodeLifecycleController.Props(context, instances, settings)));
        }

        if (provider.LoadBalancer is { } loadBalancer)
        {
            loops.Add(new(ServiceLoadBalancerController.ControllerName, context => ServiceLoadBalancerController.Props(context, loadBalancer, settings)));
        }

        if (provider.Routes is { } routes && settings.ConfigureCloudRoutes)
        {
            loops.Add(new(RouteController.ControllerName, context => RouteController.Props(context, routes, settings)));
        }

        return loops;
    }
}
