using System.Net;
using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Client;
using Orchestrator.Client.Informers;
using Orchestrator.Controllers.Endpoints;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Selectors;

namespace Orchestrator.Controllers.EndpointSlices;

/// <summary>
/// Kubernetes' EndpointSlice mirroring controller: the Endpoints a user writes for a Service without a selector
/// are mirrored into EndpointSlices (labelled kubernetes.io/service-name and managed-by
/// endpointslicemirroring-controller.k8s.io, owned by the Endpoints), ready addresses as ready endpoints and
/// not-ready ones as not ready, so readers of slices see them too. Endpoints labelled
/// endpointslice.kubernetes.io/skip-mirror=true (the API's own default/kubernetes) are not mirrored; slices are
/// removed when the Service gains a selector or goes, or the Endpoints go.
/// </summary>
public sealed class EndpointSliceMirroringController : ControllerActor
{
    public const string ControllerName = "endpointslice-mirroring-controller";
    public const string ManagedBy = "endpointslicemirroring-controller.k8s.io";
    public const string SkipMirrorLabel = "endpointslice.kubernetes.io/skip-mirror";

    private readonly Lister _services;
    private readonly Lister _endpoints;
    private readonly Lister _slices;
    private readonly EndpointSliceMirroringControllerSettings _settings;
    private readonly EndpointSliceTracker _tracker = new();

    public EndpointSliceMirroringController(ControllerContext context, EndpointSliceMirroringControllerSettings settings)
        : base(context, ControllerName, settings.ConcurrentSyncs)
    {
        _settings = settings;
        _services = Watch(ResourceRef.Services);
        _endpoints = Watch(ResourceRef.Endpoints);
        _slices = Watch(new InformerKey(ResourceRef.EndpointSlices, LabelSelector: $"{EndpointSliceController.ManagedByLabel}={ManagedBy}"), e =>
            KubeObject.Labels(e.Object).TryGetValue(EndpointSliceController.ServiceNameLabel, out var service) ? [ObjectKey.For(KubeObject.Namespace(e.Object), service)] : []);
    }

    public static Props Props(ControllerContext context, EndpointSliceMirroringControllerSettings settings) =>
        Akka.Actor.Props.Create(() => new EndpointSliceMirroringController(context, settings));

    protected override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var (ns, name) = ObjectKey.Split(key);
        if (!_tracker.CacheIsCurrent(key, ns, _slices))
        {
            EnqueueAfter(key, TimeSpan.FromMilliseconds(100));
            return;
        }

        var existing = _slices.List(ns, LabelSelector.FromSet(new Dictionary<string, string> { [EndpointSliceController.ServiceNameLabel] = name }));
        var service = _services.GetByKey(key);
        var endpoints = _endpoints.GetByKey(key);
        if (service is null || ServicePods.Selector(service) is not null || endpoints is null
            || KubeObject.Labels(endpoints).GetValueOrDefault(SkipMirrorLabel) == "true")
        {
            foreach (var slice in existing)
            {
                await DeleteAsync(key, slice, cancellationToken);
            }

            return;
        }

        try
        {
            var desired = Mirror(endpoints);
            foreach (var addressType in (string[])["IPv4", "IPv6"])
            {
                var ofType = existing.Where(s => KubeObject.GetString(s, "addressType") == addressType && IsOwnedBy(s, endpoints)).ToList();
                var plan = SlicePlan.Compute(ofType, desired.GetValueOrDefault(addressType) ?? [], _settings.MaxEndpointsPerSubset, placeholder: false);
                await ApplyAsync(key, endpoints, addressType, plan, cancellationToken);
            }

            // Slices of an earlier Endpoints of that name.
            foreach (var stale in existing.Where(s => !IsOwnedBy(s, endpoints)))
            {
                await DeleteAsync(key, stale, cancellationToken);
            }
        }
        catch (KubeApiException e) when (e.StatusCode == HttpStatusCode.Forbidden)
        {
            // The namespace is being deleted.
        }
    }

    /// <summary>Every address of every subset as a slice endpoint, by address type, grouped by its subset's ports.</summary>
    private static Dictionary<string, List<SliceEndpoint>> Mirror(JsonObject endpoints)
    {
        var result = new Dictionary<string, List<SliceEndpoint>>(StringComparer.Ordinal);
        foreach (var subset in (endpoints["subsets"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var ports = new JsonArray([.. (subset["ports"] as JsonArray ?? []).OfType<JsonObject>().Select(p =>
            {
                var port = new JsonObject { ["name"] = p["name"]?.ToString() ?? "", ["port"] = p["port"]?.DeepClone(), ["protocol"] = p["protocol"]?.ToString() ?? "TCP" };
                if (p["appProtocol"]?.ToString() is { Length: > 0 } appProtocol)
                {
                    port["appProtocol"] = appProtocol;
                }

                return port;
            })]);
            var portsKey = SliceEndpoint.KeyOfPorts(ports);
            foreach (var (field, ready) in (ReadOnlySpan<(string, bool)>)[("addresses", true), ("notReadyAddresses", false)])
            {
                foreach (var address in (subset[field] as JsonArray ?? []).OfType<JsonObject>())
                {
                    var ip = address["ip"]?.ToString() ?? "";
                    if (!IPAddress.TryParse(ip, out var parsed))
                    {
                        continue;
                    }

                    var endpoint = new JsonObject
                    {
                        ["addresses"] = new JsonArray(ip),
                        ["conditions"] = new JsonObject { ["ready"] = ready, ["serving"] = ready, ["terminating"] = false },
                    };
                    foreach (var copied in (string[])["hostname", "targetRef", "nodeName"])
                    {
                        if (address[copied] is { } value)
                        {
                            endpoint[copied] = value.DeepClone();
                        }
                    }

                    var type = parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
                    if (!result.TryGetValue(type, out var list))
                    {
                        list = [];
                        result[type] = list;
                    }

                    list.Add(new SliceEndpoint(ip, endpoint, ports, portsKey));
                }
            }
        }

        return result;
    }

    private async Task ApplyAsync(string key, JsonObject endpoints, string addressType, SlicePlan plan, CancellationToken cancellationToken)
    {
        var labels = Labels(endpoints);
        foreach (var (ports, list) in plan.Creates)
        {
            var slice = new JsonObject
            {
                ["apiVersion"] = "discovery.k8s.io/v1",
                ["kind"] = "EndpointSlice",
                ["metadata"] = new JsonObject
                {
                    ["generateName"] = KubeObject.Name(endpoints) + "-",
                    ["namespace"] = KubeObject.Namespace(endpoints),
                    ["labels"] = labels.DeepClone(),
                    ["ownerReferences"] = new JsonArray(new JsonObject
                    {
                        ["apiVersion"] = "v1",
                        ["kind"] = "Endpoints",
                        ["name"] = KubeObject.Name(endpoints),
                        ["uid"] = KubeObject.Uid(endpoints),
                        ["controller"] = true,
                        ["blockOwnerDeletion"] = true,
                    }),
                },
                ["addressType"] = addressType,
                ["endpoints"] = new JsonArray([.. list.Select(e => e.DeepClone())]),
                ["ports"] = ports.DeepClone(),
            };
            _tracker.Wrote(key, await Client.CreateAsync(ResourceRef.EndpointSlices, slice, cancellationToken));
        }

        foreach (var (existing, list) in plan.Updates)
        {
            var slice = existing.DeepClone().AsObject();
            slice["endpoints"] = new JsonArray([.. list.Select(e => e.DeepClone())]);
            KubeObject.Metadata(slice)["labels"] = labels.DeepClone();
            _tracker.Wrote(key, await Client.UpdateAsync(ResourceRef.EndpointSlices, slice, cancellationToken));
        }

        foreach (var existing in plan.Unchanged.Where(s => !JsonNode.DeepEquals(KubeObject.Get(s, "metadata", "labels"), labels)))
        {
            var slice = existing.DeepClone().AsObject();
            KubeObject.Metadata(slice)["labels"] = labels.DeepClone();
            _tracker.Wrote(key, await Client.UpdateAsync(ResourceRef.EndpointSlices, slice, cancellationToken));
        }

        foreach (var existing in plan.Deletes)
        {
            await DeleteAsync(key, existing, cancellationToken);
        }
    }

    private async Task DeleteAsync(string key, JsonObject slice, CancellationToken cancellationToken)
    {
        try
        {
            await Client.DeleteAsync(ResourceRef.EndpointSlices, KubeObject.Namespace(slice), KubeObject.Name(slice)!, cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
        }

        _tracker.Deleted(key, KubeObject.Name(slice)!);
    }

    /// <summary>The Endpoints' labels, then the two that tie a slice to its Service and to this controller.</summary>
    private static JsonObject Labels(JsonObject endpoints)
    {
        var labels = new JsonObject();
        foreach (var (label, value) in KubeObject.Labels(endpoints).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (label is not (EndpointSliceController.ServiceNameLabel or EndpointSliceController.ManagedByLabel))
            {
                labels[label] = value;
            }
        }

        labels[EndpointSliceController.ServiceNameLabel] = KubeObject.Name(endpoints);
        labels[EndpointSliceController.ManagedByLabel] = ManagedBy;
        return labels;
    }

    private static bool IsOwnedBy(JsonObject slice, JsonObject endpoints) =>
        (KubeObject.Get(slice, "metadata", "ownerReferences") as JsonArray)?.OfType<JsonObject>()
            .Any(o => o["kind"]?.ToString() == "Endpoints" && o["uid"]?.ToString() == KubeObject.Uid(endpoints)) == true;
}
