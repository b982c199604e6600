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

/// <summary>
/// The EndpointSlice controller against a real gateway over HTTP: slices labelled, owned and named as
/// Kubernetes makes them, endpoints with conditions, node, zone and target, named ports, the maximum per slice,
/// a placeholder for a Service without pods, and kubectl's table.
/// </summary>
public sealed class EndpointSliceControllerTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web" };

    private TestGateway _gateway = null!;
    private ControllerHarness? _harness;
    private IActorRef? _controller;
    private RecordingKubeClient? _recorder;

    public EndpointSliceControllerTests(ITestOutputHelper output)
        : base(GatewaySystem.Config(), "endpointslice-controller", output)
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
    public async Task A_service_gets_labelled_owned_slices_of_its_pods_with_conditions_zone_and_named_ports()
    {
        await Client.CreateAsync(ResourceRef.Nodes, Json("""{"metadata":{"name":"node-1","labels":{"topology.kubernetes.io/zone":"zone-a"}}}"""));
        var service = await Client.CreateAsync(ResourceRef.Services, Json("""
            {"metadata":{"name":"web","namespace":"default","labels":{"team":"a"}},
             "spec":{"selector":{"app":"web"},"ports":[{"name":"http","port":80,"targetPort":"http"}]}}
            """));
        var a = await PodFixtures.CreateRunningPodAsync(Client, "default", "a", Web, "100.64.0.5", ready: true, "node-1", "http:8080");
        await PodFixtures.CreateRunningPodAsync(Client, "default", "b", Web, "100.64.0.6", ready: false, "node-2", "http:8080");
        StartController(new EndpointSliceControllerSettings());

        var slice = Assert.Single(await WaitForSlicesAsync("web", s => s.Sum(Count) == 2));
        Assert.Equal("IPv4", slice["addressType"]!.GetValue<string>());
        Assert.StartsWith("web-", KubeObject.Name(slice), StringComparison.Ordinal);
        Assert.Equal("web-", KubeObject.GetString(slice, "metadata", "generateName"));
        var labels = KubeObject.Labels(slice);
        Assert.Equal("web", labels["kubernetes.io/service-name"]);
        Assert.Equal("endpointslice-controller.k8s.io", labels["endpointslice.kubernetes.io/managed-by"]);
        Assert.Equal("a", labels["team"]);
        var owner = Assert.Single((KubeObject.Get(slice, "metadata", "ownerReferences") as JsonArray)!.OfType<JsonObject>());
        Assert.Equal(("Service", "web", KubeObject.Uid(service), true, true),
            (owner["kind"]!.GetValue<string>(), owner["name"]!.GetValue<string>(), owner["uid"]!.GetValue<string>(), owner["controller"]!.GetValue<bool>(), owner["blockOwnerDeletion"]!.GetValue<bool>()));
        Assert.True(KubeObject.Annotations(slice).ContainsKey("endpoints.kubernetes.io/last-change-trigger-time"));

        var port = Assert.Single(slice["ports"]!.AsArray())!;
        Assert.Equal(("http", 8080, "TCP"), (port["name"]!.GetValue<string>(), port["port"]!.GetValue<int>(), port["protocol"]!.GetValue<string>()));

        var endpoints = slice["endpoints"]!.AsArray().OfType<JsonObject>().ToDictionary(e => e["targetRef"]!["name"]!.GetValue<string>());
        Assert.Equal(["100.64.0.5"], endpoints["a"]["addresses"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Equal("""{"ready":true,"serving":true,"terminating":false}""", endpoints["a"]["conditions"]!.ToJsonString());
        Assert.Equal("node-1", endpoints["a"]["nodeName"]!.GetValue<string>());
        Assert.Equal("zone-a", endpoints["a"]["zone"]!.GetValue<string>());
        Assert.Equal(KubeObject.Uid(a), endpoints["a"]["targetRef"]!["uid"]!.GetValue<string>());
        Assert.Equal("""{"ready":false,"serving":false,"terminating":false}""", endpoints["b"]["conditions"]!.ToJsonString());
        Assert.Null(endpoints["b"]["zone"]);

        // A pod being deleted stays, terminating and no longer ready.
        await Client.UpdateAsync(ResourceRef.Pods, AddFinalizer(await Client.GetAsync(ResourceRef.Pods, "default", "a")));
        await Client.DeleteAsync(ResourceRef.Pods, "default", "a", new DeleteOptions { GracePeriodSeconds = 0 });
        slice = Assert.Single(await WaitForSlicesAsync("web", s => s.Count == 1 && Endpoint(s[0], "a")?["conditions"]?["terminating"]?.GetValue<bool>() == true));
        Assert.Equal("""{"ready":false,"serving":true,"terminating":true}""", Endpoint(slice, "a")!["conditions"]!.ToJsonString());

        // kubectl lists them with Kubernetes' columns.
        var (columns, rows) = await TableAsync("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices");
        Assert.Equal(["Name", "AddressType", "Ports", "Endpoints", "Age"], columns);
        // Besides the API's own default/kubernetes slice.
        Assert.Equal(["kubernetes", KubeObject.Name(slice)!], rows.Select(r => r[0]).Order(StringComparer.Ordinal));
        var row = Assert.Single(rows, r => r[0] == KubeObject.Name(slice));
        Assert.Equal([KubeObject.Name(slice)!, "IPv4", "8080"], row.Take(3));
        Assert.Equal(["100.64.0.5", "100.64.0.6"], row[3].Split(',').Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Slices_hold_at_most_the_maximum_and_a_service_without_pods_has_an_empty_placeholder()
    {
        await Client.CreateAsync(ResourceRef.Services, Json("""{"metadata":{"name":"web","namespace":"default"},"spec":{"selector":{"app":"web"},"ports":[{"port":80}]}}"""));
        await Client.CreateAsync(ResourceRef.Services, Json("""{"metadata":{"name":"empty","namespace":"default"},"spec":{"selector":{"app":"none"},"ports":[{"port":80}]}}"""));
        await Client.CreateAsync(ResourceRef.Services, Json("""{"metadata":{"name":"manual","namespace":"default"},"spec":{"ports":[{"port":80}]}}"""));
        for (var i = 0; i < 5; i++)
        {
            await PodFixtures.CreateRunningPodAsync(Client, "default", $"p{i}", Web, $"100.64.0.{i + 10}", ready: true);
        }

        StartController(new EndpointSliceControllerSettings { MaxEndpointsPerSlice = 2 });

        var slices = await WaitForSlicesAsync("web", s => s.Sum(Count) == 5);
        Assert.Equal([1, 2, 2], slices.Select(Count).Order());
        Assert.All(slices, s => Assert.Equal(80, s["ports"]![0]!["port"]!.GetValue<int>()));

        var placeholder = Assert.Single(await WaitForSlicesAsync("empty", s => s.Count == 1));
        Assert.Empty(placeholder["endpoints"]!.AsArray());
        Assert.Empty(placeholder["ports"] as JsonArray ?? []);

        // Two more pods fill the slice with room first, then a new one.
        await PodFixtures.CreateRunningPodAsync(Client, "default", "p5", Web, "100.64.0.20", ready: true);
        await PodFixtures.CreateRunningPodAsync(Client, "default", "p6", Web, "100.64.0.21", ready: true);
        slices = await WaitForSlicesAsync("web", s => s.Sum(Count) == 7);
        Assert.Equal([1, 2, 2, 2], slices.Select(Count).Order());

        // A pod change that changes no endpoint writes nothing.
        var writes = _recorder!.Calls.Count(c => !c.StartsWith("list", StringComparison.Ordinal) && !c.StartsWith("watch", StringComparison.Ordinal) && !c.StartsWith("create events", StringComparison.Ordinal));
        await Client.PatchAsync(ResourceRef.Pods, "default", "p0", PatchType.Merge, JsonNode.Parse("""{"metadata":{"annotations":{"note":"x"}}}""")!);
        await Task.Delay(500);
        Assert.Equal(writes, _recorder.Calls.Count(c => !c.StartsWith("list", StringComparison.Ordinal) && !c.StartsWith("watch", StringComparison.Ordinal) && !c.StartsWith("create events", StringComparison.Ordinal)));

        Assert.Empty((await Client.ListAsync(ResourceRef.EndpointSlices, "default", new ListOptions { LabelSelector = "kubernetes.io/service-name=manual" })).Items);
    }

    private void StartController(EndpointSliceControllerSettings settings)
    {
        _recorder = new RecordingKubeClient(Client);
        _harness = ControllerHarness.Create(Sys, _recorder);
        _controller = Sys.ActorOf(EndpointSliceController.Props(_harness.Context, settings), EndpointSliceController.ControllerName);
    }

    private async Task<List<JsonObject>> WaitForSlicesAsync(string service, Func<List<JsonObject>, bool> wanted)
    {
        List<JsonObject> last = [];
        await AwaitConditionAsync(async () =>
        {
            last = [.. (await Client.ListAsync(ResourceRef.EndpointSlices, "default", new ListOptions { LabelSelector = $"kubernetes.io/service-name={service}" })).Items];
            return wanted(last);
        }, Timeout, TimeSpan.FromMilliseconds(50), $"slices of {service}");
        return last;
    }

    /// <summary>The Table kubectl asks for (kubectl itself sends no token over plain HTTP), its column names and rows of cells.</summary>
    private async Task<(List<string> Columns, List<List<string>> Rows)> TableAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = _gateway.Server.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestGateway.Token);
        request.Headers.Accept.ParseAdd("application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
        using var response = await http.SendAsync(request);
        var table = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        return ([.. table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>())],
            [.. table["rows"]!.AsArray().Select(r => r!["cells"]!.AsArray().Select(c => c!.ToString()).ToList())]);
    }

    private static int Count(JsonObject slice) => (slice["endpoints"] as JsonArray ?? []).Count;

    private static JsonObject? Endpoint(JsonObject slice, string pod) =>
        (slice["endpoints"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(e => e["targetRef"]?["name"]?.ToString() == pod);

    private static JsonObject AddFinalizer(JsonObject obj)
    {
        KubeObject.Metadata(obj)["finalizers"] = new JsonArray("example.com/hold");
        return obj;
    }

    private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();
}
