using System.Text.Json.Nodes;
using Orchestrator.Client.Informers;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Selectors;

namespace Orchestrator.Controllers.Endpoints;

/// <summary>
/// What the Endpoints and EndpointSlice controllers both read from Services and pods, as Kubernetes'
/// endpoint utilities do: which Services select a pod, whether a pod belongs in a Service's endpoints, whether
/// it is ready, and which port a Service port's targetPort names on it.
/// </summary>
public static class ServicePods
{
    /// <summary>The Service's spec.selector, or null when it has none (its endpoints are the user's to write).</summary>
    public static LabelSelector? Selector(JsonObject service)
    {
        if (KubeObject.Get(service, "spec", "selector") is not JsonObject selector || selector.Count == 0)
        {
            return null;
        }

        return LabelSelector.FromSet(selector.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.ToString(), StringComparer.Ordinal));
    }

    /// <summary>The keys of the Services in the pod's namespace whose selector matches the pod's labels now or before the change.</summary>
    public static IEnumerable<string> ServiceKeysFor(Lister services, InformerEvent e)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(e);
        var ns = KubeObject.Namespace(e.Object);
        var labels = LabelSelector.LabelsOf(e.Object);
        var oldLabels = e.OldObject is { } old ? LabelSelector.LabelsOf(old) : null;
        foreach (var service in services.List(ns))
        {
            if (Selector(service) is { } selector && (selector.Matches(labels) || (oldLabels is not null && selector.Matches(oldLabels))))
            {
                yield return ObjectKey.Of(service);
            }
        }
    }

    /// <summary>
    /// Whether the pod is listed at all (Kubernetes' ShouldPodBeInEndpoints): not finished, with an IP, and not
    /// being deleted unless the Service publishes not-ready addresses.
    /// </summary>
    public static bool BelongsInEndpoints(JsonObject pod, bool includeTerminating)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (KubeObject.GetString(pod, "status", "phase") is "Succeeded" or "Failed")
        {
            return false;
        }

        if (string.IsNullOrEmpty(PodIp(pod)))
        {
            return false;
        }

        return includeTerminating || KubeObject.DeletionTimestamp(pod) is null;
    }

    /// <summary>The pod's primary IP (status.podIP, else the first of status.podIPs).</summary>
    public static string? PodIp(JsonObject pod) =>
        KubeObject.GetString(pod, "status", "podIP") is { Length: > 0 } ip
            ? ip
            : (KubeObject.Get(pod, "status", "podIPs") as JsonArray)?.OfType<JsonObject>().Select(p => p["ip"]?.ToString()).FirstOrDefault(ip => !string.IsNullOrEmpty(ip));

    /// <summary>The pod's Ready condition is True.</summary>
    public static bool IsReady(JsonObject pod) => ReadyCondition(pod) is { } ready && ready["status"]?.ToString() == "True";

    /// <summary>The pod's Ready condition, or null.</summary>
    public static JsonObject? ReadyCondition(JsonObject pod) =>
        (KubeObject.Get(pod, "status", "conditions") as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.ToString() == "Ready");

    /// <summary>
    /// The port a Service port sends to on this pod (Kubernetes' FindPort): a numeric targetPort as it is, a named
    /// one looked up among the pod's container ports (and sidecar init containers') of the same protocol; null
    /// when the pod has no such port.
    /// </summary>
    public static int? FindPort(JsonObject pod, JsonObject servicePort)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(servicePort);
        var target = servicePort["targetPort"] ?? servicePort["port"];
        if (target is JsonValue value && value.TryGetValue<int>(out var number))
        {
            return number;
        }

        var name = target?.ToString();
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        if (int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var numeric))
        {
            return numeric;
        }

        var protocol = servicePort["protocol"]?.ToString() ?? "TCP";
        var containers = (KubeObject.Get(pod, "spec", "containers") as JsonArray)?.OfType<JsonObject>() ?? [];
        var sidecars = ((KubeObject.Get(pod, "spec", "initContainers") as JsonArray)?.OfType<JsonObject>() ?? [])
            .Where(c => c["restartPolicy"]?.ToString() == "Always");
        foreach (var container in containers.Concat(sidecars))
        {
            foreach (var port in (container["ports"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                if (port["name"]?.ToString() == name && (port["protocol"]?.ToString() ?? "TCP") == protocol
                    && port["containerPort"] is JsonValue p && p.TryGetValue<int>(out var containerPort))
                {
                    return containerPort;
                }
            }
        }

        return null;
    }

    /// <summary>Whether the Service is headless (clusterIP None): its endpoints carry the service.kubernetes.io/headless label.</summary>
    public static bool IsHeadless(JsonObject service) => KubeObject.GetString(service, "spec", "clusterIP") == "None";

    /// <summary>The pod's hostname goes in its address when its subdomain names the Service (Kubernetes' ShouldSetHostname).</summary>
    public static string? Hostname(JsonObject pod, JsonObject service) =>
        KubeObject.GetString(pod, "spec", "hostname") is { Length: > 0 } hostname
        && KubeObject.GetString(pod, "spec", "subdomain") == KubeObject.Name(service)
        && KubeObject.Namespace(pod) == KubeObject.Namespace(service)
            ? hostname
            : null;

    /// <summary>The reference an address gives to its pod.</summary>
    public static JsonObject TargetRef(JsonObject pod) => new()
    {
        ["kind"] = "Pod",
        ["namespace"] = KubeObject.Namespace(pod),
        ["name"] = KubeObject.Name(pod),
        ["uid"] = KubeObject.Uid(pod),
    };
}
