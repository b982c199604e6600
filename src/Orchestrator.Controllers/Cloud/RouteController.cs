using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Client.Events;
using Orchestrator.Client.Informers;
using Orchestrator.Controllers.Cloud.Provider;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Cloud;

/// <summary>
/// Kubernetes' route controller (node-route-controller): makes the provider's routes match the nodes' pod
/// ranges, one route per spec.podCIDRs entry to its node, deleting routes to nodes or ranges that are gone and
/// blackholed ones. One key for the whole table, synced on every node change that touches it and every
/// route-reconciliation-period. It runs only for a provider that has <see cref="ICloudProvider.Routes"/>.
/// </summary>
public sealed class RouteController : ControllerActor
{
    public const string ControllerName = "node-route-controller";

    /// <summary>The one key: the route table.</summary>
    private const string RoutesKey = "routes";

    private readonly IRoutes _routes;
    private readonly string _clusterName;
    private readonly TimeSpan _period;
    private readonly Lister _nodes;

    public RouteController(ControllerContext context, IRoutes routes, CloudSettings settings)
        : base(context, ControllerName)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _routes = routes ?? throw new ArgumentNullException(nameof(routes));
        _clusterName = settings.ClusterName;
        _period = settings.RouteReconciliationPeriod;
        _nodes = Watch(ResourceRef.Nodes, e =>
            e.Type != InformerEventType.Updated || e.OldObject is not { } old || !PodCidrs(old).SequenceEqual(PodCidrs(e.Object)) ? [RoutesKey] : []);
        Enqueue(RoutesKey);
    }

    public static Props Props(ControllerContext context, IRoutes routes, CloudSettings settings) =>
        Akka.Actor.Props.Create(() => new RouteController(context, routes, settings));

    protected override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        EnqueueAfter(RoutesKey, _period);
        var nodes = _nodes.List();
        var wanted = nodes
            .SelectMany(n => PodCidrs(n).Select(cidr => (Node: KubeObject.Name(n)!, Cidr: cidr, Object: n)))
            .ToList();
        var existing = await _routes.ListRoutesAsync(_clusterName, cancellationToken);

        foreach (var route in existing)
        {
            if (route.Blackhole || !wanted.Any(w => w.Node == route.TargetNode && w.Cidr == route.DestinationCidr))
            {
                await _routes.DeleteRouteAsync(_clusterName, route, cancellationToken);
                Log.Info("deleted route {0} {1} to node {2}", route.Name, route.DestinationCidr, route.TargetNode);
            }
        }

        foreach (var (node, cidr, obj) in wanted)
        {
            if (existing.Any(r => !r.Blackhole && r.TargetNode == node && r.DestinationCidr == cidr))
            {
                continue;
            }

            var route = new CloudRoute("", node, cidr) { TargetNodeAddresses = NodeAddress.Of(obj) };
            try
            {
                await _routes.CreateRouteAsync(_clusterName, KubeObject.Uid(obj) ?? node, route, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Recorder.Event(CloudObjects.Reference("Node", obj) with { Namespace = null, Uid = node }, EventType.Warning, "FailedToCreateRoute",
                    $"Could not create route {cidr} for node {node}: {e.Message}");
                throw;
            }

            Log.Info("created route {0} to node {1}", cidr, node);
        }
    }

    private static IReadOnlyList<string> PodCidrs(JsonObject node) => NodeIpam.NodeIpamController.PodCidrs(node);
}
