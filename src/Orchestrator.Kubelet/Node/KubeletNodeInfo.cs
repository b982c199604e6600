namespace Orchestrator.Kubelet.Node;

/// <summary>The node a kubelet runs: its name, addresses, hostname and pod range (spec.podCIDR; null until the node IPAM controller assigns one).</summary>
public sealed record KubeletNodeInfo(string Name, IReadOnlyList<string> NodeIps, string Hostname, string? PodCidr)
{
    /// <summary>The first node IP (status.hostIP of its pods).</summary>
    public string PrimaryIp => NodeIps.Count > 0 ? NodeIps[0] : "127.0.0.1";
}
