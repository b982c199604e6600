using System.Text.Json.Nodes;

namespace Orchestrator.Kubelet.Server;

/// <summary>
/// Builds a <see cref="LocatedPod"/> from a pod as the kubelet reports it (spec container names, status.podIP and
/// the container statuses' containerID, state and lastState), choosing the instance whose logs serve as the
/// kubelet's validateContainerLogStatus does: the running or terminated one, else the last terminated one (a crash
/// loop's), else none with the waiting reason in Kubernetes' words.
/// </summary>
public static class LocatedPodStatus
{
    public static LocatedPod FromPod(JsonObject pod, string? sandboxId)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var metadata = pod["metadata"];
        var spec = pod["spec"];
        var status = pod["status"];
        var statuses = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var list in (string[])["initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses"])
        {
            foreach (var entry in status?[list] as JsonArray ?? [])
            {
                if (entry?["name"]?.GetValue<string>() is { } name)
                {
                    statuses[name] = entry;
                }
            }
        }

        var containers = new List<LocatedContainer>();
        foreach (var list in (string[])["initContainers", "containers", "ephemeralContainers"])
        {
            foreach (var container in spec?[list] as JsonArray ?? [])
            {
                if (container?["name"]?.GetValue<string>() is not { } name)
                {
                    continue;
                }

                containers.Add(statuses.TryGetValue(name, out var s) ? Located(name, s) : new LocatedContainer(name, null, null, null));
            }
        }

        return new LocatedPod(
            metadata?["namespace"]?.GetValue<string>() ?? "default",
            metadata?["name"]?.GetValue<string>() ?? "",
            metadata?["uid"]?.GetValue<string>() ?? "",
            sandboxId,
            status?["podIP"]?.GetValue<string>(),
            containers);
    }

    /// <summary>The runtime's id from a status containerID (<c>docker://abc</c> → <c>abc</c>).</summary>
    public static string? RuntimeId(string? containerId) =>
        string.IsNullOrEmpty(containerId) ? null : containerId.Contains("://", StringComparison.Ordinal) ? containerId[(containerId.IndexOf("://", StringComparison.Ordinal) + 3)..] : containerId;

    private static LocatedContainer Located(string name, JsonNode status)
    {
        var state = status["state"];
        var last = RuntimeId(status["lastState"]?["terminated"]?["containerID"]?.GetValue<string>());
        var current = state?["running"] is not null || state?["terminated"] is not null
            ? RuntimeId(status["containerID"]?.GetValue<string>() ?? state?["terminated"]?["containerID"]?.GetValue<string>())
            : null;
        var reason = state?["waiting"]?["reason"]?.GetValue<string>() switch
        {
            "ErrImagePull" => "image can't be pulled",
            "ImagePullBackOff" => "trying and failing to pull image",
            var other => other,
        };
        return new LocatedContainer(name, current ?? last, reason, last);
    }
}
