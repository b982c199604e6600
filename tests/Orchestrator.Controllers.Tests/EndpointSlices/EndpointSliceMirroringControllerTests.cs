using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Client;
using Orchestrator.Controllers.EndpointSlices;
using Orchestrator.Controllers.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Controllers.Tests.EndpointSlices;

/// <summary>The mirroring controller against a real gateway: a selectorless Service's Endpoints as EndpointSlices, kept in step, removed when the Service gets a selector; the API's own Endpoints left alone.</summary>
public sealed class EndpointSliceMirroringControllerTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private TestGateway _gateway = null!;
    private ControllerHarness? _harness;
    private IActorRef? _controller;

    public EndpointSliceMirroringControllerTests(ITestOutputHelper output)
        : base(GatewaySystem.Config(), "endpointslice-mirroring", output)
    {
    }

    private KubeClient Client => _gateway.Client;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(Sys);

    public async Task DisposeAsync()
    {
        if (_controller is not null)
        {
            Watch(_controller);
            Sys.Stop(_controller);
            await ExpectTerminatedAsync(_controller, Timeout);
        }

        if (_harness is not null)
        {
            await _harness.StopAsync();
        }

        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task The_endpoints_of_a_selectorless_service_are_mirrored_and_follow_it()
    {
        await Client.CreateAsync(ResourceRef.Services, Json("""{"metadata":{"name":"db","namespace":"default"},"spec":{"ports":[{"name":"pg","port":5432}]}}"""));
        var endpoints = await Client.CreateAsync(ResourceRef.Endpoints, Json("""
            {"metadata":{"name":"db","namespace":"default","labels":{"team":"data"}},
             "subsets":[{"addresses":[{"ip":"100.64.5.1","nodeName":"node-1"}],"notReadyAddresses":[{"ip":"100.64.5.2"}],"ports":[{"name":"pg","port":5432}]}]}
            """));
        _harness = ControllerHarness.Create(Sys, Client);
        _controller = Sys.ActorOf(EndpointSliceMirroringController.Props(_harness.Context, new EndpointSliceMirroringControllerSettings()), EndpointSliceMirroringController.ControllerName);

        var slice = Assert.Single(await WaitForSlicesAsync("db", s => s.Count == 1));
        var labels = KubeObject.Labels(slice);
        Assert.Equal(("db", "endpointslicemirroring-controller.k8s.io", "data"), (labels["kubernetes.io/service-name"], labels["endpointslice.kubernetes.io/managed-by"], labels["team"]));
        Assert.Equal(KubeObject.Uid(endpoints), slice["metadata"]!["ownerReferences"]![0]!["uid"]!.GetValue<string>());
        Assert.Equal("IPv4", slice["addressType"]!.GetValue<string>());
        Assert.Equal("pg", slice["ports"]![0]!["name"]!.GetValue<string>());
        var byIp = slice["endpoints"]!.AsArray().OfType<JsonObject>().ToDictionary(e => e["addresses"]![0]!.GetValue<string>());
        Assert.True(byIp["100.64.5.1"]["conditions"]!["ready"]!.GetValue<bool>());
        Assert.Equal("node-1", byIp["100.64.5.1"]["nodeName"]!.GetValue<string>());
        Assert.False(byIp["100.64.5.2"]["conditions"]!["ready"]!.GetValue<bool>());

        // The API's own Endpoints (skip-mirror) have no mirror.
        Assert.Empty(await SlicesAsync("kubernetes"));

        // A change to the Endpoints is mirrored; a selector on the Service ends the mirroring.
        await Client.PatchAsync(ResourceRef.Endpoints, "default", "db", PatchType.Merge, JsonNode.Parse("""{"subsets":[{"addresses":[{"ip":"100.64.5.3"}],"ports":[{"name":"pg","port":5432}]}]}""")!);
        slice = Assert.Single(await WaitForSlicesAsync("db", s => s.Count == 1 && s[0]["endpoints"]!.AsArray().Count == 1 && s[0]["endpoints"]![0]!["addresses"]![0]!.GetValue<string>() == "100.64.5.3"));
        await Client.PatchAsync(ResourceRef.Services, "default", "db", PatchType.Merge, JsonNode.Parse("""{"spec":{"selector":{"app":"db"}}}""")!);
        await WaitForSlicesAsync("db", s => s.Count == 0);
    }

    private async Task<List<JsonObject>> SlicesAsync(string service) =>
        [.. (await Client.ListAsync(ResourceRef.EndpointSlices, "default", new ListOptions { LabelSelector = $"kubernetes.io/service-name={service},endpointslice.kubernetes.io/managed-by=endpointslicemirroring-controller.k8s.io" })).Items];

    private async Task<List<JsonObject>> WaitForSlicesAsync(string service, Func<List<JsonObject>, bool> wanted)
    {
        List<JsonObject> last = [];
        await AwaitConditionAsync(async () => wanted(last = await SlicesAsync(service)), Timeout, TimeSpan.FromMilliseconds(50), $"slices of {service}");
        return last;
    }

    private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();
}
