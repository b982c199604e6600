using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Kubelet.Common;

namespace Orchestrator.Kubelet.Hollow;

/// <summary>
/// The Node a simulated node registers and the status it posts, shaped as a real kubelet's (Kubernetes'
/// kubelet_node_status.go and its setters): the well-known labels, capacity and allocatable, the four
/// conditions with the kubelet's reasons and messages, InternalIP and Hostname addresses, the kubelet's
/// endpoint and nodeInfo.
/// </summary>
public static class HollowNodeObject
{
    /// <summary>The kubelet's port, as status.daemonEndpoints announces it (nothing listens there: the node is simulated).</summary>
    public const int KubeletPort = 10250;

    /// <summary>The condition types a kubelet owns, in the order it writes them.</summary>
    public static readonly IReadOnlyList<string> ConditionTypes = ["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"];

    /// <summary>The labels the kubelet sets on its Node (and reconciles on an existing one).</summary>
    public static JsonObject Labels(string name, HollowKubeletSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new JsonObject
        {
            ["beta.kubernetes.io/arch"] = settings.Architecture,
            ["beta.kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = settings.Architecture,
            ["kubernetes.io/hostname"] = name,
            ["kubernetes.io/os"] = "linux",
            ["node.kubernetes.io/instance-type"] = settings.InstanceType,
        };
    }

    /// <summary>The Node a simulated node registers, status included (as the kubelet sends it on registration).</summary>
    public static JsonObject Node(HollowNodeIdentity identity, HollowKubeletSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(settings);
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject
            {
                ["name"] = identity.Name,
                ["labels"] = Labels(identity.Name, settings),
                ["annotations"] = new JsonObject { ["volumes.kubernetes.io/controller-managed-attach-detach"] = "true" },
            },
            ["spec"] = new JsonObject(),
            ["status"] = Status(identity, settings, [], now),
        };
    }

    /// <summary>
    /// The status to post now. A condition keeps the lastTransitionTime the API holds (<paramref name="observed"/>)
    /// while its status is unchanged; every lastHeartbeatTime is now.
    /// </summary>
    public static JsonObject Status(HollowNodeIdentity identity, HollowKubeletSettings settings, IReadOnlyList<NodeConditionState> observed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(observed);
        var capacity = new JsonObject();
        foreach (var (resource, quantity) in settings.Capacity.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            capacity[resource] = quantity;
        }

        var heartbeat = KubeTimes.Time(now);
        var conditions = new JsonArray();
        foreach (var (type, status, reason, message) in (ReadOnlySpan<(string, string, string, string)>)[
            ("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
            ("Ready", "True", "KubeletReady", "kubelet is posting ready status")])
        {
            var transition = observed.FirstOrDefault(c => c.Type == type && c.Status == status)?.LastTransitionTime ?? heartbeat;
            conditions.Add(new JsonObject
            {
                ["type"] = type,
                ["status"] = status,
                ["lastHeartbeatTime"] = heartbeat,
                ["lastTransitionTime"] = transition,
                ["reason"] = reason,
                ["message"] = message,
            });
        }

        return new JsonObject
        {
            ["capacity"] = capacity,
            ["allocatable"] = capacity.DeepClone(),
            ["conditions"] = conditions,
            ["addresses"] = new JsonArray(
                new JsonObject { ["type"] = "InternalIP", ["address"] = identity.Address },
                new JsonObject { ["type"] = "Hostname", ["address"] = identity.Name }),
            ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = KubeletPort } },
            ["nodeInfo"] = NodeInfo(identity.Name, settings),
        };
    }

    /// <summary>
    /// What the node's status says, minus the heartbeat times: two statuses with the same fingerprint differ
    /// only in when they were posted, so the kubelet need not post again before its report frequency.
    /// </summary>
    public static string StatusFingerprint(JsonObject node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node["status"] is not JsonObject status)
        {
            return "";
        }

        var copy = (JsonObject)status.DeepClone();
        if (copy["conditions"] is JsonArray conditions)
        {
            foreach (var condition in conditions.OfType<JsonObject>())
            {
                condition.Remove("lastHeartbeatTime");
            }
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(copy.ToJsonString())));
    }

    /// <summary>The conditions of a Node as the API holds them.</summary>
    public static IReadOnlyList<NodeConditionState> Conditions(JsonObject node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node["status"]?["conditions"] is JsonArray conditions
            ? conditions.OfType<JsonObject>().Select(c => new NodeConditionState(
                Text(c["type"]), Text(c["status"]), c["lastTransitionTime"] is null ? null : Text(c["lastTransitionTime"]))).ToArray()
            : [];
    }

    private static JsonObject NodeInfo(string name, HollowKubeletSettings settings)
    {
        // Stable per node name, as a machine's IDs are stable across kubelet restarts.
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..32];
        return new JsonObject
        {
            ["machineID"] = id,
            ["systemUUID"] = $"{id[..8]}-{id[8..12]}-{id[12..16]}-{id[16..20]}-{id[20..32]}",
            ["bootID"] = $"{id[..8]}-{id[8..12]}-{id[12..16]}-{id[16..20]}-{id[20..32]}",
            ["kernelVersion"] = KernelVersion(),
            ["osImage"] = "Orchestrator simulated node",
            ["containerRuntimeVersion"] = settings.ContainerRuntimeVersion,
            ["kubeletVersion"] = settings.KubeletVersion,
            ["kubeProxyVersion"] = settings.KubeletVersion,
            ["operatingSystem"] = "linux",
            ["architecture"] = settings.Architecture,
        };
    }

    // The machine's kernel release, as uname reports it (major.minor.patch).
    private static string KernelVersion()
    {
        var version = Environment.OSVersion.Version;
        return $"{version.Major}.{version.Minor}.{Math.Max(0, version.Build)}";
    }

    private static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";
}
