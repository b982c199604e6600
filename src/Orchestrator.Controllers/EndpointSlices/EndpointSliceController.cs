using System.Net;
using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Client;
using Orchestrator.Client.Events;
using Orchestrator.Client.Informers;
using Orchestrator.Controllers.Endpoints;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Selectors;

namespace Orchestrator.Controllers.EndpointSlices;

/// <summary>
/// Kubernetes' EndpointSlice controller: for every Service with a selector, discovery.k8s.io/v1 EndpointSlices
/// (generateName "&lt;service&gt;-", labelled kubernetes.io/service-name and managed-by this controller, owned by
/// the Service so they go with it) listing the pods it selects — terminating ones included — with their
/// addresses, conditions ready/serving/terminating, nodeName, zone and targetRef, grouped by the ports the Service
/// resolves to on them, at most max-endpoints-per-slice each, one set of slices per IP family of the Service.
/// </summary>
public sealed class EndpointSliceController : ControllerActor
{
    public const string ControllerName = "endpointslice-controller";
    public const string ManagedBy = "endpointslice-controller.k8s.io";
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";

    private readonly Lister _services;
    private readonly Lister _pods;
    private readonly Lister _slices;
    private readonly Lister _nodes;
    private readonly EndpointSliceControllerSettings _settings;
    private readonly TriggerTimeTracker _triggerTimes = new();
    private readonly EndpointSliceTracker _tracker = new();

    public EndpointSliceController(ControllerContext context, EndpointSliceControllerSettings settings)
        : base(context, ControllerName, settings.ConcurrentSyncs)
    {
        _settings = settings;
        _services = Watch(ResourceRef.Services);
        _pods = Watch(ResourceRef.Pods, e => ServicePods.ServiceKeysFor(_services, e));
        _slices = Watch(new InformerKey(ResourceRef.EndpointSlices, LabelSelector: $"{ManagedByLabel}={ManagedBy}"), e =>
            KubeObject.Labels(e.Object).TryGetValue(ServiceNameLabel, out var service) ? [ObjectKey.For(KubeObject.Namespace(e.Object), service)] : []);

        // Zones come from nodes; a node changing zone is rare enough to wait for the next sync of its Services.
        _nodes = Watch(ResourceRef.Nodes, _ => []);
    }

    public static Props Props(ControllerContext context, EndpointSliceControllerSettings settings) =>
        Akka.Actor.Props.Create(() => new EndpointSliceController(context, settings));

    protected override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var (ns, name) = ObjectKey.Split(key);
        if (_services.GetByKey(key) is not { } service)
        {
            // The garbage collector deletes the slices through their ownerReference.
            _triggerTimes.Delete(key);
            _tracker.Forget(key);
            return;
        }

        if (ServicePods.Selector(service) is not { } selector || KubeObject.GetString(service, "spec", "type") == "ExternalName")
        {
            return;
        }

        if (!_tracker.CacheIsCurrent(key, ns, _slices))
        {
            EnqueueAfter(key, _settings.StaleCacheRetry);
            return;
        }

        var pods = _pods.List(ns, selector).Where(p => ServicePods.BelongsInEndpoints(p, includeTerminating: true)).ToList();
        var triggerTime = _triggerTimes.Compute(key, service, pods);
        var zones = _nodes.List().ToDictionary(n => KubeObject.Name(n)!, n => KubeObject.Labels(n).GetValueOrDefault(SliceEndpoint.ZoneLabel) ?? "", StringComparer.Ordinal);
        var owned = _slices.List(ns, LabelSelector.FromSet(new Dictionary<string, string> { [ServiceNameLabel] = name }))
            .Where(s => IsOwnedBy(s, service))
            .ToList();

        try
        {
            var addressTypes = AddressTypes(service);
            foreach (var addressType in addressTypes)
            {
                var desired = pods.Select(p => SliceEndpoint.From(p, service, addressType, zones)).OfType<SliceEndpoint>().ToList();
                var existing = owned.Where(s => KubeObject.GetString(s, "addressType") == addressType).ToList();
                await ApplyAsync(key, service, addressType, SlicePlan.Compute(existing, desired, _settings.MaxEndpointsPerSlice), triggerTime, cancellationToken);
            }

            // Slices of an address type the Service no longer has.
            foreach (var stale in owned.Where(s => !addressTypes.Contains(KubeObject.GetString(s, "addressType") ?? "")))
            {
                await DeleteAsync(key, stale, cancellationToken);
            }
        }
        catch (KubeApiException e) when (e.StatusCode == HttpStatusCode.Forbidden)
        {
            // The namespace is being deleted: nothing may be created in it any more.
        }
        catch (KubeApiException e) when (e.StatusCode != HttpStatusCode.Conflict)
        {
            Recorder.Event(service, EventType.Warning, "FailedToUpdateEndpointSlices", $"Error updating Endpoint Slices for Service {key}: {e.Message}");
            throw;
        }
    }

    private async Task ApplyAsync(string key, JsonObject service, string addressType, SlicePlan plan, DateTimeOffset? triggerTime, CancellationToken cancellationToken)
    {
        var labels = Labels(service);
        foreach (var (ports, endpoints) in plan.Creates)
        {
            var slice = new JsonObject
            {
                ["apiVersion"] = "discovery.k8s.io/v1",
                ["kind"] = "EndpointSlice",
                ["metadata"] = new JsonObject
                {
                    ["generateName"] = KubeObject.Name(service) + "-",
                    ["namespace"] = KubeObject.Namespace(service),
                    ["labels"] = labels.DeepClone(),
                    ["ownerReferences"] = new JsonArray(OwnerReference(service)),
                },
                ["addressType"] = addressType,
                ["endpoints"] = new JsonArray([.. endpoints.Select(e => e.DeepClone())]),
                ["ports"] = ports.DeepClone(),
            };
            SetTriggerTime(slice, triggerTime);
            _tracker.Wrote(key, await Client.CreateAsync(ResourceRef.EndpointSlices, slice, cancellationToken));
        }

        foreach (var (existing, endpoints) in plan.Updates)
        {
            var slice = existing.DeepClone().AsObject();
            slice["endpoints"] = new JsonArray([.. endpoints.Select(e => e.DeepClone())]);
            KubeObject.Metadata(slice)["labels"] = labels.DeepClone();
            SetTriggerTime(slice, triggerTime);
            _tracker.Wrote(key, await Client.UpdateAsync(ResourceRef.EndpointSlices, slice, cancellationToken));
        }

        foreach (var existing in plan.Unchanged)
        {
            if (!JsonNode.DeepEquals(KubeObject.Get(existing, "metadata", "labels"), labels))
            {
                var slice = existing.DeepClone().AsObject();
                KubeObject.Metadata(slice)["labels"] = labels.DeepClone();
                _tracker.Wrote(key, await Client.UpdateAsync(ResourceRef.EndpointSlices, slice, cancellationToken));
            }
        }

        foreach (var existing in plan.Deletes)
        {
            await DeleteAsync(key, existing, cancellationToken);
        }
    }

    private async Task DeleteAsync(string key, JsonObject slice, CancellationToken cancellationToken)
    {
        var sliceName = KubeObject.Name(slice)!;
        try
        {
            await Client.DeleteAsync(ResourceRef.EndpointSlices, KubeObject.Namespace(slice), sliceName, cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
        }

        _tracker.Deleted(key, sliceName);
    }

    /// <summary>The Service's IP families (spec.ipFamilies; IPv4 when it names none).</summary>
    private static List<string> AddressTypes(JsonObject service)
    {
        var families = (KubeObject.Get(service, "spec", "ipFamilies") as JsonArray)?.Select(f => f?.ToString()).OfType<string>().Where(f => f is "IPv4" or "IPv6").ToList();
        return families is { Count: > 0 } ? families : ["IPv4"];
    }

    /// <summary>The Service's labels, then the headless label for a headless one, then the two that tie a slice to its Service and to this controller.</summary>
    private static JsonObject Labels(JsonObject service)
    {
        var labels = new JsonObject();
        foreach (var (label, value) in KubeObject.Labels(service).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (label is not (ServiceNameLabel or ManagedByLabel or EndpointsController.HeadlessLabel))
            {
                labels[label] = value;
            }
        }

        if (ServicePods.IsHeadless(service))
        {
            labels[EndpointsController.HeadlessLabel] = "";
        }

        labels[ServiceNameLabel] = KubeObject.Name(service);
        labels[ManagedByLabel] = ManagedBy;
        return labels;
    }

    private static JsonObject OwnerReference(JsonObject service) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["name"] = KubeObject.Name(service),
        ["uid"] = KubeObject.Uid(service),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    /// <summary>A slice of an earlier Service of the same name is not this one's (the garbage collector removes it).</summary>
    private static bool IsOwnedBy(JsonObject slice, JsonObject service) =>
        (KubeObject.Get(slice, "metadata", "ownerReferences") as JsonArray)?.OfType<JsonObject>()
            .Any(o => o["kind"]?.ToString() == "Service" && o["uid"]?.ToString() == KubeObject.Uid(service)) == true;

    private static void SetTriggerTime(JsonObject slice, DateTimeOffset? triggerTime)
    {
        var annotations = KubeObject.EnsureObject(slice, "metadata", "annotations");
        if (triggerTime is { } time)
        {
            annotations[EndpointsController.LastChangeTriggerTime] = TriggerTimeTracker.Format(time);
        }
        else
        {
            annotations.Remove(EndpointsController.LastChangeTriggerTime);
        }
    }
}
