using Orchestrator.Client;
using Orchestrator.Controllers.Cloud;
using Orchestrator.Controllers.Cloud.Provider;
using Orchestrator.Controllers.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Controllers.Tests.Cloud;

/// <summary>
/// The route controller against a real gateway and a route table in memory: one route per node pod range,
/// created as ranges appear, deleted with their node, and stale or blackholed routes removed.
/// </summary>
public sealed class RouteControllerTests(ITestOutputHelper output) : GatewayControllerTest("node-route-controller", output)
{
    [Fact]
    public async Task Routes_follow_the_nodes_pod_ranges()
    {
        var routes = new InMemoryRoutes();
        routes.Add(new CloudRoute("stale", "nowhere", "100.64.9.0/24"));
        routes.Add(new CloudRoute("hole", "node-a", "100.64.0.0/24") { Blackhole = true });
        await CreateNodeAsync("node-a", "100.64.0.0/24");
        await CreateNodeAsync("node-b", null);
        StartController(
            context => RouteController.Props(context, routes, new CloudSettings { RouteReconciliationPeriod = TimeSpan.FromMilliseconds(200) }),
            RouteController.ControllerName);

        await EventuallyAsync(() => Task.FromResult(Table(routes).SequenceEqual(["node-a 100.64.0.0/24"])), "node-a's route, and the stale and blackholed ones gone");

        // node-b gets a range: its route follows; node-a goes: its route goes.
        await Client.PatchAsync(ResourceRef.Nodes, null, "node-b", PatchType.Merge, Json("""{"spec":{"podCIDR":"100.64.1.0/24","podCIDRs":["100.64.1.0/24"]}}"""));
        await EventuallyAsync(() => Task.FromResult(Table(routes).SequenceEqual(["node-a 100.64.0.0/24", "node-b 100.64.1.0/24"])), "node-b's route");
        await Client.DeleteAsync(ResourceRef.Nodes, null, "node-a");
        await EventuallyAsync(() => Task.FromResult(Table(routes).SequenceEqual(["node-b 100.64.1.0/24"])), "node-a's route to go");
    }

    private static List<string> Table(InMemoryRoutes routes) =>
        routes.Table.Select(r => $"{r.TargetNode} {r.DestinationCidr}{(r.Blackhole ? " blackhole" : "")}").Order(StringComparer.Ordinal).ToList();

    private Task<System.Text.Json.Nodes.JsonObject> CreateNodeAsync(string name, string? podCidr)
    {
        var node = Json($$"""{"apiVersion":"v1","kind":"Node","metadata":{"name":"{{name}}"},"spec":{} }""");
        if (podCidr is not null)
        {
            node["spec"]!["podCIDR"] = podCidr;
            node["spec"]!["podCIDRs"] = new System.Text.Json.Nodes.JsonArray(podCidr);
        }

        return Client.CreateAsync(ResourceRef.Nodes, node);
    }
}
