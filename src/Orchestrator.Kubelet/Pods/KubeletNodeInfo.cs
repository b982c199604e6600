namespace Orchestrator.Kubelet.Pods;

/// <summary>
/// What a pod needs to know of the node it runs on: the node's name (spec.nodeName, the runtime's node label),
/// its addresses (status.hostIP/hostIPs, and the pod IP of host-network pods), its hostname and its podCIDR.
/// </summary>
public sealed record KubeletNodeInfo(string NodeName, IReadOnlyList<string> NodeIps, string Hostname, string? PodCidr)
{
    /// <summary>The node's first address: status.hostIP.</summary>
    public string HostIp => NodeIps.Count > 0 ? NodeIps[0] : "127.0.0.1";
}
