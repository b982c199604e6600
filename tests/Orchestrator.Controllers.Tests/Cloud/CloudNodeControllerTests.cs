using System.Text.Json.Nodes;
using Orchestrator.Client;
using Orchestrator.Controllers.Cloud;
using Orchestrator.Controllers.Cloud.Local;
using Orchestrator.Controllers.Cloud.Provider;
using Orchestrator.Controllers.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Controllers.Tests.Cloud;

/// <summary>
/// The cloud node controller against a real gateway: a node registered with the uninitialized taint gets its
/// providerID, labels and addresses from the provider and loses the taint; the local provider names nodes
/// local://NODE and keeps the addresses the kubelet reported.
/// </summary>
public sealed class CloudNodeControllerTests(ITestOutputHelper output) : GatewayControllerTest("cloud-node-controller", output)
{
    [Fact]
    public async Task A_node_registered_uninitialized_is_initialised_from_the_provider_and_untainted()
    {
        StartNodeController(new ScriptedInstances());
        await Client.CreateAsync(ResourceRef.Nodes, Json($$"""
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"cloudy"},
             "spec":{"taints":[{"key":"{{CloudTaints.Uninitialized}}","value":"true","effect":"NoSchedule"},{"key":"dedicated","value":"db","effect":"NoSchedule"}]} }
            """));

        var node = await EventuallyAsync(async () =>
        {
            var n = await Client.GetAsync(ResourceRef.Nodes, null, "cloudy");
            return HasUninitializedTaint(n) || NodeAddress.Of(n).Count == 0 ? null : n;
        }, "node cloudy to be initialised");

        Assert.Equal("scripted://cloudy", KubeObject.GetString(node, "spec", "providerID"));
        Assert.Equal(["dedicated"], ((JsonArray)KubeObject.Get(node, "spec", "taints")!).Select(t => KubeObject.GetString((JsonObject)t!, "key")));
        var labels = KubeObject.Labels(node);
        Assert.Equal("m5.large", labels[CloudTaints.InstanceTypeLabel]);
        Assert.Equal("zone-a", labels[CloudTaints.ZoneLabel]);
        Assert.Equal("region-1", labels[CloudTaints.RegionLabel]);
        Assert.Equal([new NodeAddress("InternalIP", "127.0.0.9"), new NodeAddress("Hostname", "cloudy")], NodeAddress.Of(node));
        await EventuallyAsync(async () => (await Client.ListAsync(ResourceRef.Events, "default")).Items.Any(e =>
            KubeObject.GetString(e, "reason") == "Synced" && KubeObject.GetString(e, "involvedObject", "name") == "cloudy"), "the Synced event");
    }

    [Fact]
    public async Task The_local_provider_names_a_node_local_and_keeps_its_reported_addresses()
    {
        var local = new LocalCloudProvider(System.Net.IPNetwork.Parse("127.240.0.0/24"));
        await Client.CreateAsync(ResourceRef.Nodes, Json("""{"apiVersion":"v1","kind":"Node","metadata":{"name":"here"},"spec":{} }"""));
        await Client.PatchAsync(ResourceRef.Nodes, null, "here", PatchType.Merge, Json("""{"status":{"addresses":[{"type":"InternalIP","address":"127.0.0.1"}]}}"""), "status");
        StartNodeController(local.InstancesV2!);

        var node = await EventuallyAsync(async () =>
        {
            var n = await Client.GetAsync(ResourceRef.Nodes, null, "here");
            return KubeObject.GetString(n, "spec", "providerID") is null ? null : n;
        }, "node here to get a providerID");
        Assert.Equal("local://here", KubeObject.GetString(node, "spec", "providerID"));
        Assert.Equal(LocalInstances.InstanceType, KubeObject.Labels(node)[CloudTaints.InstanceTypeLabel]);
        Assert.Equal([new NodeAddress("InternalIP", "127.0.0.1")], NodeAddress.Of(await Client.GetAsync(ResourceRef.Nodes, null, "here")));
    }

    private void StartNodeController(IInstancesV2 instances) =>
        StartController(context => CloudNodeController.Props(context, instances, new CloudSettings()), CloudNodeController.ControllerName);

    private static bool HasUninitializedTaint(JsonObject node) =>
        (KubeObject.Get(node, "spec", "taints") as JsonArray ?? []).Any(t => KubeObject.GetString((JsonObject)t!, "key") == CloudTaints.Uninitialized);
}
