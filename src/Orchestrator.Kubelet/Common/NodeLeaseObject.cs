using System.Globalization;
using System.Text.Json.Nodes;

namespace Orchestrator.Kubelet.Common;

/// <summary>
/// A node's heartbeat Lease in kube-node-lease, as Kubernetes' node lease controller writes it: named after
/// the node, held by it, owned by the Node object (so it goes with the Node), renewed with a MicroTime.
/// </summary>
public static class NodeLeaseObject
{
    public const string Namespace = "kube-node-lease";

    /// <param name="nodeUid">The Node's uid, for the owner reference (none when unknown).</param>
    /// <param name="resourceVersion">The version being replaced (an update), or null (a create).</param>
    public static JsonObject Lease(string nodeName, string? nodeUid, TimeSpan duration, DateTimeOffset renewTime, string? resourceVersion)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
        var metadata = new JsonObject { ["name"] = nodeName, ["namespace"] = Namespace };
        if (!string.IsNullOrEmpty(nodeUid))
        {
            metadata["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Node",
                ["name"] = nodeName,
                ["uid"] = nodeUid,
            });
        }

        if (resourceVersion is not null)
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        return new JsonObject
        {
            ["apiVersion"] = "coordination.k8s.io/v1",
            ["kind"] = "Lease",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["holderIdentity"] = nodeName,
                ["leaseDurationSeconds"] = (long)Math.Ceiling(duration.TotalSeconds),
                ["renewTime"] = KubeTimes.MicroTime(renewTime),
            },
        };
    }

    /// <summary>spec.renewTime of a Lease, or null.</summary>
    public static DateTimeOffset? RenewTime(JsonObject lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return lease["spec"]?["renewTime"] is JsonValue value && value.TryGetValue<string>(out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;
    }
}
