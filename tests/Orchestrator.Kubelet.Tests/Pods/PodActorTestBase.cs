using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Client;
using Orchestrator.Hocon;
using Orchestrator.Kubelet.Node;
using Orchestrator.Kubelet.Pods;
using Orchestrator.Kubelet.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Kubelet.Tests.Pods;

/// <summary>
/// A PodActor against a real gateway over HTTP (its pods, ConfigMaps, Secrets, TokenRequests, status and Events) and
/// the in-memory <see cref="FakeContainerRuntime"/>, with the kubelet's timings shrunk.
/// </summary>
public abstract class PodActorTestBase : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    protected const string NodeName = "node-a";
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private const string FastTimings = """
        orchestrator.kubelet.container-restart-backoff.initial = 400ms
        orchestrator.kubelet.container-restart-backoff.max = 1600ms
        orchestrator.kubelet.image-pull-backoff.initial = 500ms
        orchestrator.kubelet.image-pull-backoff.max = 2s
        orchestrator.kubelet.sync-frequency = 5s
        """;

    private readonly List<IActorRef> _actors = [];

    protected PodActorTestBase(ITestOutputHelper output)
        : base(Akka.Configuration.ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.actor.provider = local"), "pod-actor-tests", output)
    {
        RootDirectory = Directory.CreateTempSubdirectory("podactor-").FullName;
        // The kubelet's settings as reference.conf gives them, with the pods' timings shrunk.
        var config = Config.ParseString(FastTimings, new HoconParseOptions { Fallback = ReferenceConfig.Load() });
        Settings = KubeletSettings.FromConfig(config) with { NodeName = NodeName, NodeIps = ["127.0.0.1"], RootDir = RootDirectory };
    }

    protected TestGateway Gateway { get; private set; } = null!;

    protected KubeClient Client => Gateway.Client;

    protected FakeContainerRuntime Runtime { get; } = new();

    protected KubeletSettings Settings { get; set; }

    protected string RootDirectory { get; }

    protected KubeletNodeInfo Node { get; } = new(NodeName, ["127.0.0.1"], "node-a-host", "100.64.0.0/24");

    public async Task InitializeAsync()
    {
        Gateway = await TestGateway.StartAsync();
        await Client.CreateAsync(ResourceRef.ServiceAccounts, Json("""{"metadata":{"name":"default","namespace":"default"}}"""));
        await Client.CreateAsync(ResourceRef.ConfigMaps, Json("""{"metadata":{"name":"kube-root-ca.crt","namespace":"default"},"data":{"ca.crt":"-----BEGIN CERTIFICATE-----\ntest\n-----END CERTIFICATE-----\n"}}"""));
    }

    public async Task DisposeAsync()
    {
        foreach (var actor in _actors)
        {
            Sys.Stop(actor);
        }

        await Gateway.DisposeAsync();
        Directory.Delete(RootDirectory, recursive: true);
    }

    protected static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    /// <summary>Creates a pod bound to the test's node and starts its PodActor.</summary>
    protected async Task<(JsonObject Pod, IActorRef Actor)> RunPodAsync(string name, string spec)
    {
        var body = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default", ["labels"] = new JsonObject { ["app"] = name } },
            ["spec"] = JsonNode.Parse(spec),
        };
        body["spec"]!["nodeName"] = NodeName;
        var pod = await Client.CreateAsync(ResourceRef.Pods, body);
        var actor = Sys.ActorOf(PodActor.Props(new PodActorContext(pod, Runtime, Client, Node, Settings)));
        Runtime.Listener = actor;
        _actors.Add(actor);
        return (pod, actor);
    }

    /// <summary>Reads the pod until <paramref name="done"/> holds; fails with the last version seen.</summary>
    protected async Task<JsonObject> WaitForPodAsync(string name, Func<JsonObject, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        JsonObject? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await Client.GetAsync(ResourceRef.Pods, "default", name);
            if (done(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"pod {name} never got there; last seen: {last?["status"]?.ToJsonString()}\ncalls: {string.Join(", ", Runtime.CallsSnapshot())}");
        return null!;
    }

    /// <summary>Waits until <paramref name="done"/> holds of the fake runtime.</summary>
    protected async Task WaitForAsync(Func<bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (DateTime.UtcNow < deadline)
        {
            if (done())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"{what} never happened; calls: {string.Join(", ", Runtime.CallsSnapshot())}");
    }

    protected static string? Phase(JsonObject pod) => KubeObject.GetString(pod, "status", "phase");

    protected static JsonObject? ContainerStatus(JsonObject pod, string container, string field = "containerStatuses") =>
        (KubeObject.Get(pod, "status", field) as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["name"]?.GetValue<string>() == container);

    protected static string? Condition(JsonObject pod, string type) =>
        (KubeObject.Get(pod, "status", "conditions") as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == type)?["status"]?.GetValue<string>();

    protected static string? WaitingReason(JsonObject pod, string container) => ContainerStatus(pod, container)?["state"]?["waiting"]?["reason"]?.GetValue<string>();

    protected async Task<List<JsonObject>> EventsAsync(string pod) =>
        [.. (await Client.ListAsync(ResourceRef.Events, "default")).Items.Where(e => KubeObject.GetString(e, "involvedObject", "name") == pod)];
}
