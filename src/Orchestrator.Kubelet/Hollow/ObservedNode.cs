using System.Text.Json.Nodes;
using Orchestrator.Kubelet.Common;
using Orchestrator.Model.Objects;

namespace Orchestrator.Kubelet.Hollow;

/// <summary>
/// What a simulated node needs of its Node as the API holds it: the uid and revision, the pod range an IPAM
/// controller may have assigned, and its status reduced to a fingerprint and the conditions' transition times.
/// </summary>
public sealed record ObservedNode(string Name, string Uid, long ResourceVersion)
{
    /// <summary>The node's IPv4 spec.podCIDR (or the IPv4 one of spec.podCIDRs), when it has one.</summary>
    public string? PodCidr { get; init; }

    /// <summary><see cref="HollowNodeObject.StatusFingerprint"/> of the status.</summary>
    public string StatusFingerprint { get; init; } = "";

    public IReadOnlyList<NodeConditionState> Conditions { get; init; } = [];

    public static ObservedNode FromObject(JsonObject node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var spec = node["spec"] as JsonObject;
        var cidrs = (spec?["podCIDRs"] as JsonArray)?.Select(c => c is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList() ?? [];
        if (cidrs.Count == 0 && spec?["podCIDR"] is JsonValue single && single.TryGetValue<string>(out var podCidr) && podCidr.Length > 0)
        {
            cidrs.Add(podCidr);
        }

        return new ObservedNode(KubeObject.Name(node) ?? "", KubeObject.Uid(node) ?? "", BoundPod.Revision(KubeObject.ResourceVersion(node)))
        {
            PodCidr = cidrs.FirstOrDefault(c => Ipv4Cidr.TryParse(c, out _)),
            StatusFingerprint = HollowNodeObject.StatusFingerprint(node),
            Conditions = HollowNodeObject.Conditions(node),
        };
    }
}
