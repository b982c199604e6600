using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Client;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Controllers.NodeIpam;
using Orchestrator.Controllers.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Controllers.Tests.NodeIpam;

/// <summary>
/// The node IPAM controller against a real gateway: nodes get distinct /24s of the cluster CIDR in spec.podCIDR
/// and spec.podCIDRs, a deleted node's range is given again, and ranges nodes hold are not given twice after a restart.
/// </summary>
public sealed class NodeIpamControllerTests(ITestOutputHelper output) : GatewayControllerTest("node-ipam", output)
{
    [Fact]
    public void The_reference_settings_are_the_Kubernetes_defaults_with_a_shared_address_space_cluster_CIDR()
    {
        var settings = NodeIpamSettings.FromConfig(ControllerManagerSettings.FromConfig(GatewaySystem.Config()).Controllers.GetConfig("node-ipam"));

        Assert.Equal(new NodeIpamSettings(), settings);
        Assert.Equal(IPNetwork.Parse("100.64.0.0/12"), settings.ClusterCidr);
        Assert.Equal(24, settings.NodeCidrMaskSize);
    }

    [Fact]
    public async Task Each_node_gets_its_own_24_of_the_cluster_CIDR()
    {
        StartIpam(new NodeIpamSettings());
        foreach (var name in (string[])["node-a", "node-b", "node-c"])
        {
            await CreateNodeAsync(name);
        }

        var cidrs = new List<string>();
        foreach (var name in (string[])["node-a", "node-b", "node-c"])
        {
            var node = await WaitForPodCidrAsync(name);
            var cidr = KubeObject.GetString(node, "spec", "podCIDR")!;
            Assert.Equal([cidr], ((JsonArray)KubeObject.Get(node, "spec", "podCIDRs")!).Select(c => c!.GetValue<string>()));
            var range = IPNetwork.Parse(cidr);
            Assert.Equal(24, range.PrefixLength);
            Assert.True(IPNetwork.Parse("100.64.0.0/12").Contains(range.BaseAddress), $"{cidr} is outside 100.64.0.0/12");
            cidrs.Add(cidr);
        }

        Assert.Equal(3, cidrs.Distinct().Count());
    }

    [Fact]
    public async Task Ranges_held_before_a_restart_are_not_given_again_and_a_deleted_nodes_range_is_reused()
    {
        // Room for two nodes only.
        var settings = new NodeIpamSettings { ClusterCidr = IPNetwork.Parse("100.64.0.0/23") };
        await CreateNodeAsync("held", "100.64.0.0/24");
        StartIpam(settings);
        await CreateNodeAsync("fresh");
        Assert.Equal("100.64.1.0/24", KubeObject.GetString(await WaitForPodCidrAsync("fresh"), "spec", "podCIDR"));

        // Full: a third node waits for a range.
        await CreateNodeAsync("waiting");
        await Task.Delay(500);
        Assert.Null(KubeObject.GetString(await Client.GetAsync(ResourceRef.Nodes, null, "waiting"), "spec", "podCIDR"));

        // A restarted controller recovers both ranges from the nodes; the one freed by a deletion goes to the waiting node.
        await StopControllersAsync();
        StartIpam(settings);
        await Task.Delay(500);
        Assert.Null(KubeObject.GetString(await Client.GetAsync(ResourceRef.Nodes, null, "waiting"), "spec", "podCIDR"));
        await Client.DeleteAsync(ResourceRef.Nodes, null, "held");
        Assert.Equal("100.64.0.0/24", KubeObject.GetString(await WaitForPodCidrAsync("waiting"), "spec", "podCIDR"));
        Assert.Equal("100.64.1.0/24", KubeObject.GetString(await Client.GetAsync(ResourceRef.Nodes, null, "fresh"), "spec", "podCIDR"));
    }

    private void StartIpam(NodeIpamSettings settings) =>
        StartController(context => NodeIpamController.Props(context, settings), NodeIpamController.ControllerName);

    private Task<JsonObject> CreateNodeAsync(string name, string? podCidr = null)
    {
        var node = Json($$"""{"apiVersion":"v1","kind":"Node","metadata":{"name":"{{name}}"},"spec":{} }""");
        if (podCidr is not null)
        {
            node["spec"]!["podCIDR"] = podCidr;
            node["spec"]!["podCIDRs"] = new JsonArray(podCidr);
        }

        return Client.CreateAsync(ResourceRef.Nodes, node);
    }

    private Task<JsonObject> WaitForPodCidrAsync(string name) =>
        EventuallyAsync(async () =>
        {
            var node = await Client.GetAsync(ResourceRef.Nodes, null, name);
            return KubeObject.GetString(node, "spec", "podCIDR") is not null ? node : null;
        }, $"node {name} to get a podCIDR");
}
