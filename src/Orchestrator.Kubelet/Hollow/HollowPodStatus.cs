using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Kubelet.Common;

namespace Orchestrator.Kubelet.Hollow;

/// <summary>
/// The status a simulated node reports for a pod whose containers it "started": phase Running, the
/// conditions a kubelet sets (PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled),
/// a running and ready status per container (init containers completed, sidecars running), the pod and host
/// addresses and the start time. qosClass is left alone: the API set it when the pod was created.
/// </summary>
public static class HollowPodStatus
{
    /// <summary>
    /// A JSON merge patch for pods/{name}/status: metadata.uid makes it apply only to this pod (a pod of the same
    /// name created since is left alone, and the API answers 409), and the status replaces what is there.
    /// </summary>
    public static JsonObject RunningPatch(BoundPod pod, string podIp, string hostIp, string runtimeScheme, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentException.ThrowIfNullOrEmpty(podIp);
        ArgumentException.ThrowIfNullOrEmpty(hostIp);
        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["uid"] = pod.Uid },
            ["status"] = Running(pod, podIp, hostIp, runtimeScheme, now),
        };
    }

    /// <summary>The status of <paramref name="pod"/> running on its node, started at <paramref name="now"/> unless it already has a start time.</summary>
    public static JsonObject Running(BoundPod pod, string podIp, string hostIp, string runtimeScheme, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var started = pod.StartTime ?? KubeTimes.Time(now);
        var conditions = new JsonArray();
        foreach (var type in (ReadOnlySpan<string>)["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"])
        {
            conditions.Add(new JsonObject
            {
                ["type"] = type,
                ["status"] = "True",
                ["lastProbeTime"] = null,
                ["lastTransitionTime"] = type == "PodScheduled" && pod.ScheduledTime is { } scheduled ? scheduled : started,
            });
        }

        var status = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = conditions,
            ["hostIP"] = hostIp,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = hostIp }),
            ["podIP"] = podIp,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp }),
            ["startTime"] = started,
            ["containerStatuses"] = new JsonArray([.. pod.Containers.Select(c => RunningContainer(pod, c, runtimeScheme, started))]),
        };
        if (pod.InitContainers.Count > 0)
        {
            status["initContainerStatuses"] = new JsonArray([.. pod.InitContainers.Select(c => c.Sidecar
                ? RunningContainer(pod, c, runtimeScheme, started)
                : CompletedContainer(pod, c, runtimeScheme, started))]);
        }

        return status;
    }

    /// <summary>The simulated container's ID: <c>scheme://podUID-containerName</c>.</summary>
    public static string ContainerId(string runtimeScheme, BoundPod pod, SimulatedContainer container)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(container);
        return $"{runtimeScheme}://{pod.Uid}-{container.Name}";
    }

    /// <summary>A stable image ID for an image reference, as a runtime reports the digest it resolved.</summary>
    public static string ImageId(string image) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(image ?? "")));

    private static JsonObject RunningContainer(BoundPod pod, SimulatedContainer container, string runtimeScheme, string started) => new()
    {
        ["name"] = container.Name,
        ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = started } },
        ["lastState"] = new JsonObject(),
        ["ready"] = true,
        ["restartCount"] = 0,
        ["image"] = container.Image,
        ["imageID"] = ImageId(container.Image),
        ["containerID"] = ContainerId(runtimeScheme, pod, container),
        ["started"] = true,
    };

    private static JsonObject CompletedContainer(BoundPod pod, SimulatedContainer container, string runtimeScheme, string started) => new()
    {
        ["name"] = container.Name,
        ["state"] = new JsonObject
        {
            ["terminated"] = new JsonObject
            {
                ["exitCode"] = 0,
                ["reason"] = "Completed",
                ["startedAt"] = started,
                ["finishedAt"] = started,
                ["containerID"] = ContainerId(runtimeScheme, pod, container),
            },
        },
        ["lastState"] = new JsonObject(),
        ["ready"] = true,
        ["restartCount"] = 0,
        ["image"] = container.Image,
        ["imageID"] = ImageId(container.Image),
        ["containerID"] = ContainerId(runtimeScheme, pod, container),
        ["started"] = false,
    };
}
