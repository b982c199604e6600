using System.Net;
using AkkaConfig = Akka.Configuration.Config;

namespace Orchestrator.Controllers.NodeIpam;

/// <summary>The node IPAM controller's settings (orchestrator.controllers.node-ipam).</summary>
public sealed record NodeIpamSettings
{
    /// <summary>The network every node's pod range is cut from (kube-controller-manager's --cluster-cidr).</summary>
    public IPNetwork ClusterCidr { get; init; } = IPNetwork.Parse("100.64.0.0/12");

    /// <summary>The prefix length of one node's range (--node-cidr-mask-size: 24).</summary>
    public int NodeCidrMaskSize { get; init; } = 24;

    public static NodeIpamSettings FromConfig(AkkaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var text = config.GetString("cluster-cidr");
        return new NodeIpamSettings
        {
            ClusterCidr = IPNetwork.TryParse(text, out var cidr)
                ? cidr
                : throw new Akka.Configuration.ConfigurationException($"orchestrator.controllers.node-ipam.cluster-cidr: \"{text}\" is not a CIDR such as 100.64.0.0/12"),
            NodeCidrMaskSize = config.GetInt("node-cidr-mask-size"),
        };
    }
}
