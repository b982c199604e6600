using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Client;
using Orchestrator.Client.Events;
using Orchestrator.Client.Informers;
using Orchestrator.Controllers.Cloud.Provider;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Cloud;

/// <summary>
/// Kubernetes' service controller (service-lb-controller): a Service of type LoadBalancer gets the
/// service.kubernetes.io/load-balancer-cleanup finalizer, a load balancer from the provider and its addresses in
/// status.loadBalancer.ingress; one that is deleted, or whose type changes away from LoadBalancer, has its load
/// balancer released and the finalizer removed. When the set of nodes that may serve traffic changes, every load
/// balancer is pointed at them again. Services another implementation claims with spec.loadBalancerClass are
/// left alone. Events as Kubernetes records them: EnsuringLoadBalancer, EnsuredLoadBalancer,
/// SyncLoadBalancerFailed, UpdatedLoadBalancer, DeletingLoadBalancer, DeletedLoadBalancer.
/// </summary>
public sealed class ServiceLoadBalancerController : ControllerActor
{
    public const string ControllerName = "service-lb-controller";

    private readonly ILoadBalancer _loadBalancer;
    private readonly string _clusterName;
    private readonly Lister _services;
    private readonly Lister _nodes;

    // What each load balancer was last made for, so that a resync or a status change does not ensure it again,
    // and a Service that vanished without the finalizer still has its load balancer released.
    private readonly ConcurrentDictionary<string, Ensured> _ensured = new(StringComparer.Ordinal);

    public ServiceLoadBalancerController(ControllerContext context, ILoadBalancer loadBalancer, CloudSettings settings)
        : base(context, ControllerName, (settings ?? throw new ArgumentNullException(nameof(settings))).ConcurrentServiceSyncs)
    {
        _loadBalancer = loadBalancer ?? throw new ArgumentNullException(nameof(loadBalancer));
        _clusterName = settings.ClusterName;
        _services = Watch(ResourceRef.Services, ServiceChanged);
        _nodes = Watch(ResourceRef.Nodes, NodeChanged);
    }

    public static Props Props(ControllerContext context, ILoadBalancer loadBalancer, CloudSettings settings) =>
        Akka.Actor.Props.Create(() => new ServiceLoadBalancerController(context, loadBalancer, settings));

    protected override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var service = _services.GetByKey(key);
        if (service is null)
        {
            // Gone without the finalizer (removed by hand, or never added): release what it had.
            if (_ensured.TryRemove(key, out var last))
            {
                await DeleteLoadBalancerAsync(last.Service, cancellationToken);
            }

            return;
        }

        if (ServiceLoadBalancers.NeedsCleanup(service) || (!ServiceLoadBalancers.WantsLoadBalancer(service) && _ensured.ContainsKey(key)))
        {
            await DeleteLoadBalancerAsync(service, cancellationToken);
            _ensured.TryRemove(key, out _);
            if (KubeObject.DeletionTimestamp(service) is null && LoadBalancerStatus.Of(service).Ingress.Count > 0)
            {
                await PatchStatusAsync(service, new LoadBalancerStatus([]), cancellationToken);
            }

            await RemoveFinalizerAsync(service, cancellationToken);
            return;
        }

        if (!ServiceLoadBalancers.WantsLoadBalancer(service) || KubeObject.DeletionTimestamp(service) is not null)
        {
            return;
        }

        var nodes = EligibleNodes();
        var nodeNames = nodes.Select(n => KubeObject.Name(n)!).Order(StringComparer.Ordinal).ToArray();
        var shown = LoadBalancerStatus.Of(service);
        var spec = KubeObject.Get(service, "spec");
        if (_ensured.TryGetValue(key, out var ensured) && JsonNode.DeepEquals(ensured.Spec, spec) && ensured.Status.Equals(shown)
            && ServiceLoadBalancers.HasCleanupFinalizer(service))
        {
            if (!ensured.Nodes.SequenceEqual(nodeNames, StringComparer.Ordinal))
            {
                await _loadBalancer.UpdateLoadBalancerAsync(_clusterName, service, nodes, cancellationToken);
                _ensured[key] = ensured with { Nodes = nodeNames, Service = service };
                Recorder.Event(Reference(service), EventType.Normal, "UpdatedLoadBalancer", "Updated load balancer with new hosts");
            }

            return;
        }

        // The finalizer first, so a load balancer never exists that a deletion could leave behind.
        if (!ServiceLoadBalancers.HasCleanupFinalizer(service))
        {
            service = await AddFinalizerAsync(service, cancellationToken);
        }

        Recorder.Event(Reference(service), EventType.Normal, "EnsuringLoadBalancer", "Ensuring load balancer");
        LoadBalancerStatus status;
        try
        {
            status = await _loadBalancer.EnsureLoadBalancerAsync(_clusterName, service, nodes, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Recorder.Event(Reference(service), EventType.Warning, "SyncLoadBalancerFailed", $"Error syncing load balancer: failed to ensure load balancer: {e.Message}");
            throw;
        }

        if (!status.Equals(shown))
        {
            service = await PatchStatusAsync(service, status, cancellationToken);
        }

        _ensured[key] = new Ensured(service, spec?.DeepClone(), nodeNames, status);
        Recorder.Event(Reference(service), EventType.Normal, "EnsuredLoadBalancer", "Ensured load balancer");
    }

    private async Task DeleteLoadBalancerAsync(JsonObject service, CancellationToken cancellationToken)
    {
        Recorder.Event(Reference(service), EventType.Normal, "DeletingLoadBalancer", "Deleting load balancer");
        try
        {
            await _loadBalancer.EnsureLoadBalancerDeletedAsync(_clusterName, service, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Recorder.Event(Reference(service), EventType.Warning, "SyncLoadBalancerFailed", $"Error syncing load balancer: failed to delete load balancer: {e.Message}");
            throw;
        }

        Recorder.Event(Reference(service), EventType.Normal, "DeletedLoadBalancer", "Deleted load balancer");

        // What it held may be what a pending Service waits for (an exhausted pool): those are tried now rather
        // than after their back-off, which may have grown long.
        foreach (var pending in _services.List().Where(s => ServiceLoadBalancers.WantsLoadBalancer(s) && LoadBalancerStatus.Of(s).Ingress.Count == 0))
        {
            var key = ObjectKey.Of(pending);
            if (key != ObjectKey.Of(service))
            {
                Enqueue(key);
            }
        }
    }

    /// <summary>Nodes that may carry the load balancer's traffic: Ready, and not labelled out of load balancers.</summary>
    private List<JsonObject> EligibleNodes() =>
        _nodes.List().Where(Eligible).OrderBy(n => KubeObject.Name(n), StringComparer.Ordinal).ToList();

    private static bool Eligible(JsonObject node) =>
        CloudObjects.IsReady(node) && !KubeObject.Labels(node).ContainsKey(CloudObjects.ExcludeFromLoadBalancersLabel);

    private async Task<JsonObject> AddFinalizerAsync(JsonObject service, CancellationToken cancellationToken)
    {
        var finalizers = new JsonArray([.. KubeObject.Finalizers(service).Append(ServiceLoadBalancers.CleanupFinalizer).Select(f => (JsonNode)JsonValue.Create(f))]);
        return await PatchFinalizersAsync(service, finalizers, cancellationToken);
    }

    private async Task RemoveFinalizerAsync(JsonObject service, CancellationToken cancellationToken)
    {
        if (!ServiceLoadBalancers.HasCleanupFinalizer(service))
        {
            return;
        }

        var finalizers = new JsonArray([.. KubeObject.Finalizers(service).Where(f => f != ServiceLoadBalancers.CleanupFinalizer).Select(f => (JsonNode)JsonValue.Create(f))]);
        try
        {
            await PatchFinalizersAsync(service, finalizers, cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            // Gone already.
        }
    }

    /// <summary>Sets metadata.finalizers, at the resourceVersion read, so a finalizer added meanwhile is not lost (a conflict retries).</summary>
    private Task<JsonObject> PatchFinalizersAsync(JsonObject service, JsonArray finalizers, CancellationToken cancellationToken)
    {
        var patch = new JsonObject
        {
            // None left: null drops the field, as Kubernetes leaves no empty list behind.
            ["metadata"] = new JsonObject { ["finalizers"] = finalizers.Count == 0 ? null : finalizers, ["resourceVersion"] = KubeObject.ResourceVersion(service) },
        };
        return Client.PatchAsync(ResourceRef.Services, KubeObject.Namespace(service), KubeObject.Name(service)!, PatchType.Merge, patch, cancellationToken: cancellationToken);
    }

    private Task<JsonObject> PatchStatusAsync(JsonObject service, LoadBalancerStatus status, CancellationToken cancellationToken)
    {
        // A merge patch replaces the ingress list whole; an empty status drops it.
        var loadBalancer = status.Ingress.Count == 0 ? new JsonObject { ["ingress"] = null } : status.ToJson();
        var patch = new JsonObject { ["status"] = new JsonObject { ["loadBalancer"] = loadBalancer } };
        return Client.PatchAsync(ResourceRef.Services, KubeObject.Namespace(service), KubeObject.Name(service)!, PatchType.Merge, patch, "status", cancellationToken);
    }

    /// <summary>A Service's change matters unless only its status or bookkeeping moved (such as the status this controller wrote).</summary>
    private IEnumerable<string> ServiceChanged(InformerEvent e)
    {
        var key = ObjectKey.Of(e.Object);
        var service = e.Object;
        var relevant = ServiceLoadBalancers.WantsLoadBalancer(service) || ServiceLoadBalancers.HasCleanupFinalizer(service) || _ensured.ContainsKey(key);
        if (e.Type == InformerEventType.Updated && e.OldObject is { } old)
        {
            relevant = relevant || ServiceLoadBalancers.WantsLoadBalancer(old);
            var changed = !JsonNode.DeepEquals(KubeObject.Get(old, "spec"), KubeObject.Get(service, "spec"))
                || !JsonNode.DeepEquals(KubeObject.Get(old, "metadata", "finalizers"), KubeObject.Get(service, "metadata", "finalizers"))
                || !JsonNode.DeepEquals(KubeObject.Get(old, "metadata", "annotations"), KubeObject.Get(service, "metadata", "annotations"))
                || KubeObject.DeletionTimestamp(old) != KubeObject.DeletionTimestamp(service)
                || !LoadBalancerStatus.Of(old).Equals(LoadBalancerStatus.Of(service)) && _ensured.TryGetValue(key, out var ensured) && !ensured.Status.Equals(LoadBalancerStatus.Of(service));
            relevant = relevant && changed;
        }

        return relevant ? [key] : [];
    }

    /// <summary>A node joining or leaving the set that may carry traffic makes every load balancer be updated.</summary>
    private IEnumerable<string> NodeChanged(InformerEvent e)
    {
        var was = e.Type == InformerEventType.Added ? false : Eligible(e.OldObject ?? e.Object);
        var isNow = e.Type != InformerEventType.Deleted && Eligible(e.Object);
        if (e.Type == InformerEventType.Updated && was == isNow)
        {
            return [];
        }

        return _services.List().Where(ServiceLoadBalancers.WantsLoadBalancer).Select(ObjectKey.Of).ToList();
    }

    private static ObjectReference Reference(JsonObject service) => CloudObjects.Reference("Service", service);

    /// <summary>The spec, nodes and status a load balancer was last ensured for, and the Service as it was then.</summary>
    private sealed record Ensured(JsonObject Service, JsonNode? Spec, string[] Nodes, LoadBalancerStatus Status);
}
