using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Kubelet.Common;
using Orchestrator.Model.Resources;

namespace Orchestrator.Kubelet.Node;

/// <summary>
/// The Node a real kubelet registers and the status it posts (Kubernetes' kubelet_node_status.go and its
/// setters): the well-known labels, capacity from the machine and allocatable minus the reservations, the
/// conditions with the kubelet's reasons and messages, InternalIP and Hostname, the kubelet's endpoint and nodeInfo.
/// </summary>
public static class KubeletNodeObject
{
    /// <summary>status.nodeInfo.kubeletVersion: the Kubernetes release whose behaviour this kubelet follows.</summary>
    public const string KubeletVersion = "v1.33.0-orchestrator";

    /// <summary>The labels the kubelet sets on its Node (and puts back on an existing one).</summary>
    public static JsonObject Labels(string name, MachineInfo machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return new JsonObject
        {
            ["beta.kubernetes.io/arch"] = machine.Architecture,
            ["beta.kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = machine.Architecture,
            ["kubernetes.io/hostname"] = name,
            ["kubernetes.io/os"] = "linux",
        };
    }

    /// <summary>The Node to register, status included.</summary>
    public static JsonObject Node(NodeStatusInputs inputs, IReadOnlyList<NodeConditionState> observed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject
            {
                ["name"] = inputs.Node.Name,
                ["labels"] = Labels(inputs.Node.Name, inputs.Machine),
                ["annotations"] = new JsonObject { ["volumes.kubernetes.io/controller-managed-attach-detach"] = "true" },
            },
            ["spec"] = new JsonObject(),
            ["status"] = Status(inputs, observed, now),
        };
    }

    /// <summary>
    /// The status to post now. A condition keeps the lastTransitionTime the API holds (<paramref name="observed"/>)
    /// while its status is unchanged; every lastHeartbeatTime is now.
    /// </summary>
    public static JsonObject Status(NodeStatusInputs inputs, IReadOnlyList<NodeConditionState> observed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(observed);
        var (machine, settings, health) = (inputs.Machine, inputs.Settings, inputs.Health);
        var capacity = new Dictionary<string, Quantity>(StringComparer.Ordinal)
        {
            ["cpu"] = Quantity.Parse(machine.CpuCount.ToString(CultureInfo.InvariantCulture)),
            ["memory"] = Quantity.Parse(Ki(machine.MemoryBytes)),
            ["ephemeral-storage"] = Quantity.Parse(Ki(machine.EphemeralStorageBytes)),
            ["pods"] = Quantity.Parse(settings.MaxPods.ToString(CultureInfo.InvariantCulture)),
        };
        var allocatable = new JsonObject();
        var capacityJson = new JsonObject();
        foreach (var (resource, quantity) in capacity.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            capacityJson[resource] = quantity.ToString();
            var left = quantity;
            foreach (var reserved in (ReadOnlySpan<IReadOnlyDictionary<string, string>>)[settings.SystemReserved, settings.KubeReserved])
            {
                if (reserved.TryGetValue(resource, out var amount))
                {
                    left -= Quantity.Parse(amount);
                }
            }

            allocatable[resource] = (left.IsNegative ? Quantity.Parse("0") : left).ToString();
        }

        var heartbeat = KubeTimes.Time(now);
        var conditions = new JsonArray();
        var ready = inputs.NotReadyReason is null
            ? ("Ready", "True", "KubeletReady", "kubelet is posting ready status")
            : ("Ready", "False", "KubeletNotReady", inputs.NotReadyReason);
        foreach (var (type, status, reason, message) in (ReadOnlySpan<(string, string, string, string)>)[
            health.MemoryPressure
                ? ("MemoryPressure", "True", "KubeletHasInsufficientMemory", "kubelet has insufficient memory available")
                : ("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            health.DiskPressure
                ? ("DiskPressure", "True", "KubeletHasDiskPressure", "kubelet has disk pressure")
                : ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            health.PidPressure
                ? ("PIDPressure", "True", "KubeletHasInsufficientPID", "kubelet has insufficient PID available")
                : ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
            ready,
            // False either way, so that the node is never tainted network-unavailable: with the host-network
            // fallback pods still run, only without isolation, and the reason says so.
            inputs.PodNetworkIsolates
                ? ("NetworkUnavailable", "False", "PodNetworkReady", "pods get their own network namespace from the CNI plugins")
                : ("NetworkUnavailable", "False", "HostNetworkFallback", inputs.PodNetworkNote ?? "pods share the node's network (no CNI plugins or no root)")])
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

        var addresses = new JsonArray();
        foreach (var ip in inputs.Node.NodeIps)
        {
            addresses.Add(new JsonObject { ["type"] = "InternalIP", ["address"] = ip });
        }

        addresses.Add(new JsonObject { ["type"] = "Hostname", ["address"] = inputs.Node.Hostname });
        return new JsonObject
        {
            ["capacity"] = capacityJson,
            ["allocatable"] = allocatable,
            ["conditions"] = conditions,
            ["addresses"] = addresses,
            ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = settings.Port } },
            ["nodeInfo"] = new JsonObject
            {
                ["machineID"] = machine.MachineId,
                ["systemUUID"] = Uuid(machine.MachineId),
                ["bootID"] = machine.BootId,
                ["kernelVersion"] = machine.KernelVersion,
                ["osImage"] = machine.OsImage,
                ["containerRuntimeVersion"] = inputs.RuntimeVersion,
                ["kubeletVersion"] = KubeletVersion,
                ["kubeProxyVersion"] = KubeletVersion,
                ["operatingSystem"] = "linux",
                ["architecture"] = machine.Architecture,
            },
        };
    }

    /// <summary>status.nodeInfo.machineID of a Node, or null.</summary>
    public static string? MachineId(JsonObject node) =>
        node["status"]?["nodeInfo"]?["machineID"] is JsonValue value && value.TryGetValue<string>(out var id) && id.Length > 0 ? id : null;

    private static string Ki(long bytes) => (bytes / 1024).ToString(CultureInfo.InvariantCulture) + "Ki";

    private static string Uuid(string id)
    {
        var hex = new string(id.Where(char.IsAsciiHexDigit).ToArray()).PadRight(32, '0').ToLowerInvariant();
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }
}

/// <summary>Everything the node's status is made of at one moment.</summary>
public sealed record NodeStatusInputs(
    KubeletNodeInfo Node,
    KubeletSettings Settings,
    MachineInfo Machine,
    NodeHealth Health,
    string RuntimeVersion,
    bool PodNetworkIsolates,
    string? PodNetworkNote,
    string? NotReadyReason);
