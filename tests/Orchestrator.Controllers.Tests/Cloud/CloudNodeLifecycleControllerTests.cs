using System.Text.Json.Nodes;
using Orchestrator.Client;
using Orchestrator.Controllers.Cloud;
using Orchestrator.Controllers.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Controllers.Tests.Cloud;

/// <summary>
/// The cloud node lifecycle controller against a real gateway: a node that is not Ready and whose machine is
/// gone is deleted; one whose machine is shut down is tainted and kept, and untainted once Ready; a Ready node
/// is never deleted whatever the provider says.
/// </summary>
public sealed class CloudNodeLifecycleControllerTests(ITestOutputHelper output) : GatewayControllerTest("cloud-node-lifecycle", output)
{
    [Fact]
    public async Task A_not_Ready_node_whose_machine_is_gone_is_deleted_and_a_shut_down_one_is_tainted()
    {
        var instances = new ScriptedInstances();
        await CreateNodeAsync("gone", ready: false);
        await CreateNodeAsync("off", ready: false);
        await CreateNodeAsync("healthy", ready: true);
        await CreateNodeAsync("waiting", ready: false);
        instances.Gone["gone"] = true;
        instances.Gone["healthy"] = true;
        instances.Shutdown["off"] = true;
        StartController(
            context => CloudNodeLifecycleController.Props(context, instances, new CloudSettings { NodeMonitorPeriod = TimeSpan.FromMilliseconds(200) }),
            CloudNodeLifecycleController.ControllerName);

        await EventuallyAsync(async () => !(await NodeNamesAsync()).Contains("gone"), "node gone to be deleted");
        await EventuallyAsync(async () => HasShutdownTaint(await Client.GetAsync(ResourceRef.Nodes, null, "off")), "node off to be tainted");
        await EventuallyAsync(async () => (await Client.ListAsync(ResourceRef.Events, "default")).Items.Any(e =>
            KubeObject.GetString(e, "reason") == "DeletingNode" && KubeObject.GetString(e, "involvedObject", "name") == "gone"), "the DeletingNode event");

        // The machine of a node still not Ready goes later: the periodic check finds it.
        instances.Gone["waiting"] = true;
        await EventuallyAsync(async () => !(await NodeNamesAsync()).Contains("waiting"), "node waiting to be deleted");
        Assert.Contains("healthy", await NodeNamesAsync());
        Assert.Contains("off", await NodeNamesAsync());

        // The shut-down machine is back and its node Ready: the taint goes.
        instances.Shutdown.TryRemove("off", out _);
        await SetReadyAsync("off", true);
        await EventuallyAsync(async () => !HasShutdownTaint(await Client.GetAsync(ResourceRef.Nodes, null, "off")), "node off to be untainted");
    }

    private async Task CreateNodeAsync(string name, bool ready)
    {
        await Client.CreateAsync(ResourceRef.Nodes, Json($$"""{"apiVersion":"v1","kind":"Node","metadata":{"name":"{{name}}"},"spec":{} }"""));
        await SetReadyAsync(name, ready);
    }

    private Task<JsonObject> SetReadyAsync(string name, bool ready)
    {
        var condition = Json("""{"type":"Ready","reason":"Test","lastHeartbeatTime":"2026-01-01T00:00:00Z","lastTransitionTime":"2026-01-01T00:00:00Z"}""");
        condition["status"] = ready ? "True" : "False";
        var patch = new JsonObject { ["status"] = new JsonObject { ["conditions"] = new JsonArray(condition) } };
        return Client.PatchAsync(ResourceRef.Nodes, null, name, PatchType.Merge, patch, "status");
    }

    private async Task<List<string>> NodeNamesAsync() => (await Client.ListAsync(ResourceRef.Nodes)).Items.Select(n => KubeObject.Name(n)!).ToList();

    private static bool HasShutdownTaint(JsonObject node) =>
        (KubeObject.Get(node, "spec", "taints") as JsonArray ?? []).Any(t => KubeObject.GetString((JsonObject)t!, "key") == CloudTaints.Shutdown);
}
