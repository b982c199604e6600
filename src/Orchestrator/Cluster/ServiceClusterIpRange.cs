using Orchestrator.Hocon;
using Orchestrator.Kubelet.Hollow;
using Orchestrator.Kubelet.Network;

namespace Orchestrator.Cluster;

/// <summary>
/// The Service range <c>orchestrator up</c> allocates ClusterIPs from: <c>orchestrator.api.service-cluster-ip-range</c>
/// when this node can create pod networks (the kubelet's own test, <see cref="PodNetworkFactory.WhyNotCni"/>), else
/// <c>service-cluster-ip-range-without-pod-network</c> (loopback), because without pod network namespaces there is no
/// route from a pod to an address on the host's Service interface, while every loopback address is local already.
/// Decided here, in the executable, so that the proxy never depends on the kubelet.
/// </summary>
internal static class ServiceClusterIpRange
{
    // `up`'s node-ipam controller gives the node a podCIDR, so its absence is no reason to fall back here.
    private static readonly Ipv4Cidr AnyPodCidr = Ipv4Cidr.Parse("100.64.0.0/24");

    public static string Choose(Config config, string dataDir) => Choose(config, dataDir, Environment.IsPrivilegedProcess);

    public static string Choose(Config config, string dataDir, bool isRoot)
    {
        ArgumentNullException.ThrowIfNull(config);
        var api = config.GetConfig("orchestrator.api");
        var whyNot = PodNetworkFactory.WhyNotCni(CniSettings.FromConfig(config, dataDir), AnyPodCidr, isRoot);
        return whyNot is null ? api.GetString("service-cluster-ip-range") : api.GetString("service-cluster-ip-range-without-pod-network");
    }
}
