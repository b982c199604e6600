using System.Text.Json.Nodes;
using Orchestrator.Kubelet.Hollow;

namespace Orchestrator.Kubelet.Network;

/// <summary>
/// The network a node gets when its conf dir is empty: a <c>bridge</c> (the node is the pods' gateway, no
/// masquerading, hairpin so a pod reaches itself through a Service) with <c>host-local</c> addresses from the node's
/// spec.podCIDR, then <c>portmap</c> for hostPorts.
/// </summary>
public static class DefaultCniNetwork
{
    /// <summary>The cniVersion of the configurations we write (Debian's plugins 1.1 speak 0.1.0 to 1.0.0).</summary>
    public const string CniVersion = "1.0.0";

    /// <summary>The file the default list is written to, so that a configuration an admin adds can sort before it.</summary>
    public const string FileName = "10-orchestrator.conflist";

    public static CniNetworkConfigList Build(CniSettings settings, Ipv4Cidr podCidr)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // The subnet's first address is the bridge's own, the pods' gateway, so the node reaches its pods directly.
        var gateway = podCidr.AddressAt(1).ToString();
        var list = new JsonObject
        {
            ["cniVersion"] = CniVersion,
            ["name"] = settings.NetworkName,
            ["plugins"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "bridge",
                    ["bridge"] = settings.BridgeName,
                    ["isGateway"] = true,
                    ["ipMasq"] = false,
                    ["hairpinMode"] = true,
                    ["ipam"] = new JsonObject
                    {
                        ["type"] = "host-local",
                        ["dataDir"] = settings.IpamDataDir,
                        ["ranges"] = new JsonArray(new JsonArray(new JsonObject
                        {
                            ["subnet"] = podCidr.ToString(),
                            ["gateway"] = gateway,
                        })),
                        ["routes"] = new JsonArray(new JsonObject { ["dst"] = "0.0.0.0/0" }),
                    },
                },
                new JsonObject
                {
                    ["type"] = "portmap",
                    ["capabilities"] = new JsonObject { ["portMappings"] = true },
                }),
        };
        return CniNetworkConfigList.Parse(list.ToJsonString(), "default");
    }

    /// <summary>The loopback plugin's own configuration, run on <c>lo</c> in every pod as containerd does.</summary>
    public static CniNetworkConfigList Loopback { get; } = CniNetworkConfigList.Parse(
        $$"""{"cniVersion":"{{CniVersion}}","name":"cni-loopback","type":"loopback"}""", "loopback", singlePlugin: true);
}
