using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Client;
using Orchestrator.Client.Events;
using Orchestrator.Client.Informers;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Endpoints;

/// <summary>
/// Kubernetes' endpoints controller: keeps, for every Service with a selector, a v1 Endpoints object of the
/// same name listing the IPs of the pods it selects — ready ones under addresses, the others under
/// notReadyAddresses (all under addresses when the Service publishes not-ready addresses) — with each Service
/// port resolved on each pod (a named targetPort looked up in its container ports), pods grouped into subsets by
/// the ports they offer. Endpoints whose Service is gone are deleted; a Service without a selector is left to
/// whoever writes its Endpoints (the API's own default/kubernetes).
/// </summary>
public sealed class EndpointsController : ControllerActor
{
    public const string ControllerName = "endpoints-controller";

    /// <summary>When the earliest change this Endpoints reflects happened.</summary>
    public const string LastChangeTriggerTime = "endpoints.kubernetes.io/last-change-trigger-time";

    /// <summary>Set to "truncated" when there were more addresses than one Endpoints may hold.</summary>
    public const string OverCapacity = "endpoints.kubernetes.io/over-capacity";

    /// <summary>Marks the Endpoints of a headless Service.</summary>
    public const string HeadlessLabel = "service.kubernetes.io/headless";

    private readonly Lister _services;
    private readonly Lister _pods;
    private readonly Lister _endpoints;
    private readonly EndpointsControllerSettings _settings;
    private readonly TriggerTimeTracker _triggerTimes = new();

    public EndpointsController(ControllerContext context, EndpointsControllerSettings settings)
        : base(context, ControllerName, settings.ConcurrentSyncs)
    {
        _settings = settings;
        _services = Watch(ResourceRef.Services);
        _pods = Watch(ResourceRef.Pods, e => ServicePods.ServiceKeysFor(_services, e));

        // A deleted or changed Endpoints is put back (or removed with its Service) by syncing its Service's key.
        _endpoints = Watch(ResourceRef.Endpoints);
    }

    public static Props Props(ControllerContext context, EndpointsControllerSettings settings) =>
        Akka.Actor.Props.Create(() => new EndpointsController(context, settings));

    protected override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var (ns, name) = ObjectKey.Split(key);
        if (_services.GetByKey(key) is not { } service)
        {
            _triggerTimes.Delete(key);
            if (_endpoints.GetByKey(key) is not null)
            {
                try
                {
                    await Client.DeleteAsync(ResourceRef.Endpoints, ns, name, cancellationToken: cancellationToken);
                }
                catch (KubeApiException e) when (e.IsNotFound)
                {
                }
            }

            return;
        }

        if (ServicePods.Selector(service) is not { } selector)
        {
            return;
        }

        var publishNotReady = KubeObject.Get(service, "spec", "publishNotReadyAddresses")?.GetValue<bool>() == true;
        var pods = _pods.List(ns, selector);
        var triggerTime = _triggerTimes.Compute(key, service, pods);
        var (subsets, truncated) = EndpointSubsets.For(service, pods, publishNotReady, _settings.MaxAddresses);

        var current = _endpoints.GetForUpdate(ns, name);
        var labels = ServiceLabels(service);
        if (current is not null && SameSubsets(current, subsets) && SameLabels(current, labels) && OverCapacityAnnotationIs(current, truncated))
        {
            return;
        }

        var endpoints = current ?? new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Endpoints",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        };
        var metadata = KubeObject.Metadata(endpoints);
        metadata["labels"] = labels;
        var annotations = KubeObject.EnsureObject(endpoints, "metadata", "annotations");
        if (triggerTime is { } time)
        {
            annotations[LastChangeTriggerTime] = TriggerTimeTracker.Format(time);
        }
        else
        {
            annotations.Remove(LastChangeTriggerTime);
        }

        if (truncated)
        {
            annotations[OverCapacity] = "truncated";
        }
        else
        {
            annotations.Remove(OverCapacity);
        }

        if (subsets.Count > 0)
        {
            endpoints["subsets"] = subsets;
        }
        else
        {
            endpoints.Remove("subsets");
        }

        try
        {
            if (current is null)
            {
                await Client.CreateAsync(ResourceRef.Endpoints, endpoints, cancellationToken);
            }
            else
            {
                await Client.UpdateAsync(ResourceRef.Endpoints, endpoints, cancellationToken);
            }
        }
        catch (KubeApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Forbidden)
        {
            // The namespace is being deleted: nothing may be created in it any more.
        }
        catch (KubeApiException e) when (e.StatusCode != System.Net.HttpStatusCode.Conflict)
        {
            Recorder.Event(service, EventType.Warning, current is null ? "FailedToCreateEndpoint" : "FailedToUpdateEndpoint",
                $"Failed to {(current is null ? "create" : "update")} endpoint {key}: {e.Message}");
            throw;
        }
    }

    /// <summary>The Service's labels, plus service.kubernetes.io/headless for a headless one.</summary>
    private static JsonObject ServiceLabels(JsonObject service)
    {
        var labels = new JsonObject();
        foreach (var (label, value) in KubeObject.Labels(service))
        {
            labels[label] = value;
        }

        if (ServicePods.IsHeadless(service))
        {
            labels[HeadlessLabel] = "";
        }
        else
        {
            labels.Remove(HeadlessLabel);
        }

        return labels;
    }

    private static bool SameSubsets(JsonObject endpoints, JsonArray subsets) =>
        JsonNode.DeepEquals(endpoints["subsets"] as JsonArray ?? [], subsets);

    private static bool SameLabels(JsonObject endpoints, JsonObject labels) =>
        JsonNode.DeepEquals(KubeObject.Get(endpoints, "metadata", "labels") as JsonObject ?? [], labels);

    private static bool OverCapacityAnnotationIs(JsonObject endpoints, bool truncated) =>
        KubeObject.Annotations(endpoints).ContainsKey(OverCapacity) == truncated;
}
