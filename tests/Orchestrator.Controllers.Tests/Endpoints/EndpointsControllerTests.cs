using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Client;
using Orchestrator.Controllers.Endpoints;
using Orchestrator.Controllers.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Controllers.Tests.Endpoints;

/// <summary>
/// The Endpoints controller against a real gateway over HTTP: ready and not-ready pods, named target ports
/// resolved per pod and grouped into subsets by the ports they offer, publishNotReadyAddresses, the trigger-time
/// annotation, Services without a selector left alone, and Endpoints deleted with their Service.
/// </summary>
public sealed class EndpointsControllerTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web" };

    private TestGateway _gateway = null!;
    private ControllerHarness? _harness;
    private IActorRef? _controller;

    public EndpointsControllerTests(ITestOutputHelper output)
        : base(GatewaySystem.Config(), "endpoints-controller", output)
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
    public async Task Ready_and_not_ready_pods_are_listed_with_their_resolved_ports_grouped_into_subsets()
    {
        await CreateServiceAsync("web", """{"app":"web"}""", """[{"name":"http","port":80,"targetPort":"http"},{"name":"metrics","port":9090,"targetPort":9090}]""");
        var a = await PodFixtures.CreateRunningPodAsync(Client, "default", "a", Web, "100.64.0.5", ready: true, "node-1", "http:8080");
        var b = await PodFixtures.CreateRunningPodAsync(Client, "default", "b", Web, "100.64.0.6", ready: false, "node-2", "http:8081");
        await PodFixtures.CreateRunningPodAsync(Client, "default", "other", new Dictionary<string, string> { ["app"] = "other" }, "100.64.0.7", ready: true, "node-1", "http:8080");
        StartController();

        var endpoints = await WaitForEndpointsAsync("web", e => Subsets(e).Count == 3);

        // a offers http on 8080, b on 8081; both offer metrics on 9090: three distinct address sets.
        var subsets = Subsets(endpoints);
        var aOnly = Assert.Single(subsets, s => Ips(s, "addresses").SequenceEqual(["100.64.0.5"]) && Ips(s, "notReadyAddresses").Count == 0);
        Assert.Equal(["http:8080/TCP"], Ports(aOnly));
        var bOnly = Assert.Single(subsets, s => Ips(s, "addresses").Count == 0 && Ips(s, "notReadyAddresses").SequenceEqual(["100.64.0.6"]));
        Assert.Equal(["http:8081/TCP"], Ports(bOnly));
        var both = Assert.Single(subsets, s => Ips(s, "addresses").SequenceEqual(["100.64.0.5"]) && Ips(s, "notReadyAddresses").SequenceEqual(["100.64.0.6"]));
        Assert.Equal(["metrics:9090/TCP"], Ports(both));

        var address = (JsonObject)aOnly["addresses"]![0]!;
        Assert.Equal("node-1", address["nodeName"]!.GetValue<string>());
        Assert.Equal("Pod", address["targetRef"]!["kind"]!.GetValue<string>());
        Assert.Equal("a", address["targetRef"]!["name"]!.GetValue<string>());
        Assert.Equal(KubeObject.Uid(a), address["targetRef"]!["uid"]!.GetValue<string>());
        Assert.Equal("node-2", bOnly["notReadyAddresses"]![0]!["nodeName"]!.GetValue<string>());
        Assert.Equal(KubeObject.Uid(b), bOnly["notReadyAddresses"]![0]!["targetRef"]!["uid"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(KubeObject.Annotations(endpoints)[EndpointsController.LastChangeTriggerTime], System.Globalization.CultureInfo.InvariantCulture, out _));

        // b turns ready: it moves to addresses, its trigger time (the Ready transition) on the annotation.
        var readyAt = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
        await PodFixtures.SetStatusAsync(Client, "default", "b", "100.64.0.6", ready: true, readyAt);
        endpoints = await WaitForEndpointsAsync("web", e => Subsets(e).All(s => Ips(s, "notReadyAddresses").Count == 0) && Subsets(e).Count == 3);
        Assert.Equal("2030-01-02T03:04:05Z", KubeObject.Annotations(endpoints)[EndpointsController.LastChangeTriggerTime]);
        Assert.Single(Subsets(endpoints), s => Ips(s, "addresses").SequenceEqual(["100.64.0.5", "100.64.0.6"]) && Ports(s).SequenceEqual(["metrics:9090/TCP"]));

        // A pod change that changes no address writes nothing.
        await Client.PatchAsync(ResourceRef.Pods, "default", "a", PatchType.Merge, JsonNode.Parse("""{"metadata":{"annotations":{"note":"x"}}}""")!);
        await Task.Delay(500);
        Assert.Equal(KubeObject.ResourceVersion(endpoints), KubeObject.ResourceVersion(await Client.GetAsync(ResourceRef.Endpoints, "default", "web")));

        // A pod whose labels stop matching leaves; one that is deleted leaves.
        await Client.PatchAsync(ResourceRef.Pods, "default", "b", PatchType.Merge, JsonNode.Parse("""{"metadata":{"labels":{"app":"gone"}}}""")!);
        endpoints = await WaitForEndpointsAsync("web", e => Subsets(e).Count == 1);
        Assert.Equal(["http:8080/TCP", "metrics:9090/TCP"], Ports(Subsets(endpoints)[0]));
        await Client.DeleteAsync(ResourceRef.Pods, "default", "a", new DeleteOptions { GracePeriodSeconds = 0 });
        endpoints = await WaitForEndpointsAsync("web", e => Subsets(e).Count == 0);
        Assert.Null(endpoints["subsets"]);
    }

    [Fact]
    public async Task PublishNotReadyAddresses_lists_every_pod_as_ready_and_a_headless_service_is_labelled()
    {
        await CreateServiceAsync("db", """{"app":"web"}""", """[{"port":5432}]""", ""","publishNotReadyAddresses":true,"clusterIP":"None" """);
        await PodFixtures.CreateRunningPodAsync(Client, "default", "a", Web, "100.64.0.5", ready: false);
        StartController();

        var endpoints = await WaitForEndpointsAsync("db", e => Subsets(e).Count == 1);
        Assert.Equal(["100.64.0.5"], Ips(Subsets(endpoints)[0], "addresses"));
        Assert.Equal(["5432/TCP"], Ports(Subsets(endpoints)[0]));
        Assert.True(KubeObject.Labels(endpoints).ContainsKey(EndpointsController.HeadlessLabel));
    }

    [Fact]
    public async Task A_service_without_selector_is_left_alone_and_endpoints_go_with_their_service()
    {
        await CreateServiceAsync("manual", null, """[{"port":80}]""");
        await Client.CreateAsync(ResourceRef.Endpoints, JsonNode.Parse("""
            {"metadata":{"name":"manual","namespace":"default"},"subsets":[{"addresses":[{"ip":"100.64.9.9"}],"ports":[{"port":80}]}]}
            """)!.AsObject());
        await CreateServiceAsync("web", """{"app":"web"}""", """[{"port":80}]""");
        await PodFixtures.CreateRunningPodAsync(Client, "default", "a", Web, "100.64.0.5", ready: true);
        StartController();

        await WaitForEndpointsAsync("web", e => Subsets(e).Count == 1);

        // The API's own kubernetes Endpoints and the user's are as they were.
        var manual = await Client.GetAsync(ResourceRef.Endpoints, "default", "manual");
        Assert.Equal(["100.64.9.9"], Ips(Subsets(manual)[0], "addresses"));
        Assert.Equal("1", KubeObject.GetString(manual, "metadata", "generation") ?? "1");
        var kubernetes = await Client.GetAsync(ResourceRef.Endpoints, "default", "kubernetes");
        Assert.NotEmpty(Subsets(kubernetes));

        await Client.DeleteAsync(ResourceRef.Services, "default", "web");
        await AwaitConditionAsync(async () =>
        {
            try
            {
                await Client.GetAsync(ResourceRef.Endpoints, "default", "web");
                return false;
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return true;
            }
        }, Timeout, TimeSpan.FromMilliseconds(50));
        Assert.NotEmpty(Subsets(await Client.GetAsync(ResourceRef.Endpoints, "default", "kubernetes")));
        Assert.Equal(KubeObject.ResourceVersion(manual), KubeObject.ResourceVersion(await Client.GetAsync(ResourceRef.Endpoints, "default", "manual")));
    }

    private void StartController()
    {
        _harness = ControllerHarness.Create(Sys, Client);
        _controller = Sys.ActorOf(EndpointsController.Props(_harness.Context, new EndpointsControllerSettings()), EndpointsController.ControllerName);
    }

    private Task<JsonObject> CreateServiceAsync(string name, string? selector, string ports, string extraSpec = "")
    {
        var selectorField = selector is null ? "" : $"\"selector\":{selector},";
        var json = "{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"default\",\"labels\":{\"team\":\"a\"}},\"spec\":{" + selectorField + "\"ports\":" + ports + extraSpec + "}}";
        return Client.CreateAsync(ResourceRef.Services, JsonNode.Parse(json)!.AsObject());
    }

    private async Task<JsonObject> WaitForEndpointsAsync(string name, Func<JsonObject, bool> wanted)
    {
        JsonObject? last = null;
        await AwaitConditionAsync(async () =>
        {
            try
            {
                last = await Client.GetAsync(ResourceRef.Endpoints, "default", name);
                return wanted(last);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return false;
            }
        }, Timeout, TimeSpan.FromMilliseconds(50), $"endpoints {name}: last seen {last?.ToJsonString()}");
        return last!;
    }

    private static List<JsonObject> Subsets(JsonObject endpoints) => [.. (endpoints["subsets"] as JsonArray ?? []).OfType<JsonObject>()];

    private static List<string> Ips(JsonObject subset, string field) => [.. (subset[field] as JsonArray ?? []).Select(a => a!["ip"]!.GetValue<string>()).Order(StringComparer.Ordinal)];

    private static List<string> Ports(JsonObject subset) =>
        [.. (subset["ports"] as JsonArray ?? []).Select(p => $"{(p!["name"] is { } n ? n + ":" : "")}{p["port"]}/{p["protocol"]}").Order(StringComparer.Ordinal)];
}
