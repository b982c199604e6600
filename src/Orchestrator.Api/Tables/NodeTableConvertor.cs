using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;

namespace Orchestrator.Api.Tables;

/// <summary>
/// <c>kubectl get nodes</c>: NAME STATUS ROLES AGE VERSION, and with <c>-o wide</c> INTERNAL-IP EXTERNAL-IP
/// OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME (Kubernetes' printNode).
/// </summary>
public sealed class NodeTableConvertor : ITableConvertor
{
    private const string RolePrefix = "node-role.kubernetes.io/";
    private const string RoleLabel = "kubernetes.io/role";

    public static NodeTableConvertor Instance { get; } = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        new("Status", "string", "The status of the node"),
        new("Roles", "string", "The roles of the node"),
        StandardColumns.Age,
        new("Version", "string", "Kubelet Version reported by the node."),
        new("Internal-IP", "string", "List of addresses reachable to the node.", Priority: 1),
        new("External-IP", "string", "List of addresses reachable to the node.", Priority: 1),
        new("OS-Image", "string", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", Priority: 1),
        new("Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", Priority: 1),
        new("Container-Runtime", "string", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", Priority: 1),
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var status = JsonFields.Object(obj, "status");
        var info = JsonFields.Object(status, "nodeInfo");
        return
        [
            TableCells.Name(obj), Status(obj), Roles(obj), TableCells.Age(obj, now), JsonFields.String(info, "kubeletVersion") ?? "",
            Address(status, "InternalIP"), Address(status, "ExternalIP"),
            OrUnknown(JsonFields.String(info, "osImage")), OrUnknown(JsonFields.String(info, "kernelVersion")), OrUnknown(JsonFields.String(info, "containerRuntimeVersion")),
        ];
    }

    // The Ready condition as Ready / NotReady / Unknown, then SchedulingDisabled when cordoned.
    private static string Status(JsonObject node)
    {
        var ready = JsonFields.Objects(JsonFields.Array(JsonFields.Object(node, "status"), "conditions"))
            .Select(c => c.Item)
            .LastOrDefault(c => JsonFields.String(c, "type") == "Ready");
        var status = ready is null ? "Unknown" : JsonFields.String(ready, "status") == "True" ? "Ready" : "NotReady";
        return JsonFields.Bool(JsonFields.Object(node, "spec"), "unschedulable") == true ? status + ",SchedulingDisabled" : status;
    }

    private static string Roles(JsonObject node)
    {
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in JsonFields.StringMap(JsonFields.Object(node, "metadata"), "labels"))
        {
            if (key.StartsWith(RolePrefix, StringComparison.Ordinal) && key.Length > RolePrefix.Length)
            {
                roles.Add(key[RolePrefix.Length..]);
            }
            else if (key == RoleLabel && value.Length > 0)
            {
                roles.Add(value);
            }
        }

        return roles.Count == 0 ? TableCells.None : string.Join(",", roles);
    }

    private static string Address(JsonObject? status, string type) =>
        JsonFields.Objects(JsonFields.Array(status, "addresses"))
            .Select(a => a.Item)
            .FirstOrDefault(a => JsonFields.String(a, "type") == type) is { } address
            ? JsonFields.String(address, "address") ?? ""
            : TableCells.None;

    private static string OrUnknown(string? value) => string.IsNullOrEmpty(value) ? TableCells.Unknown : value;
}
