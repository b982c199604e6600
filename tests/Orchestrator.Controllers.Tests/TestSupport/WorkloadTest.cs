using System.Globalization;
using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Client;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Controllers.Tests.TestSupport;

/// <summary>
/// The base of the workload controller tests: a real gateway over HTTP, the controllers' harness, and what a
/// test does in place of a kubelet and a scheduler (binding pods, marking them Running and Ready through
/// pods/status) plus waiting for the API to show something.
/// </summary>
public abstract class WorkloadTest : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    protected const string Ns = "default";

    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly List<IActorRef> _controllers = [];

    protected WorkloadTest(string systemName, ITestOutputHelper output)
        : base(GatewaySystem.Config(), systemName, output)
    {
    }

    protected TestGateway Gateway { get; private set; } = null!;

    protected KubeClient Client => Gateway.Client;

    protected RecordingKubeClient ControllerClient { get; private set; } = null!;

    protected ControllerHarness Harness { get; private set; } = null!;

    /// <summary>Serve HTTPS, for tests that run kubectl.</summary>
    protected virtual bool Https => false;

    public virtual async Task InitializeAsync()
    {
        Gateway = await TestGateway.StartAsync(Sys, Https);
        ControllerClient = new RecordingKubeClient(Gateway.Client);
        Harness = ControllerHarness.Create(Sys, ControllerClient);
    }

    public virtual async Task DisposeAsync()
    {
        // Controllers and informers first: their watches are requests the HTTP server would otherwise wait for as it stops.
        foreach (var controller in _controllers)
        {
            Watch(controller);
            Sys.Stop(controller);
            await ExpectTerminatedAsync(controller, Timeout);
        }

        await Harness.StopAsync();
        await Gateway.DisposeAsync();
    }

    protected IActorRef StartController(Props props, string name)
    {
        var controller = Sys.ActorOf(props, name);
        _controllers.Add(controller);
        return controller;
    }

    /// <summary>The pods in the namespace, those being deleted left out unless asked for.</summary>
    protected async Task<List<JsonObject>> PodsAsync(bool includeDeleting = false) =>
        [.. (await Client.ListAsync(ResourceRef.Pods, Ns)).Items.Where(p => includeDeleting || KubeObject.DeletionTimestamp(p) is null)];

    /// <summary>Binds the pod to a node, as the scheduler would.</summary>
    protected Task BindAsync(string pod, string node) =>
        Client.CreateSubresourceAsync(ResourceRef.Pods, Ns, pod, "binding",
            Json($$"""{"apiVersion":"v1","kind":"Binding","metadata":{"name":"{{pod}}"},"target":{"kind":"Node","name":"{{node}}"} }"""));

    /// <summary>Reports the pod Running and, when asked, Ready since <paramref name="since"/> (now by default), as its kubelet would.</summary>
    protected Task SetRunningAsync(string pod, bool ready, DateTimeOffset? since = null)
    {
        var time = (since ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var status = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False", ["lastTransitionTime"] = time }),
        };
        return Client.PatchAsync(ResourceRef.Pods, Ns, pod, PatchType.Merge, new JsonObject { ["status"] = status }, "status");
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing with <paramref name="what"/> after the timeout.</summary>
    protected static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"timed out waiting for {what}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The messages of the Events about an object with this reason.</summary>
    protected async Task<List<string>> EventMessagesAsync(string objectName, string reason) =>
        [.. (await Client.ListAsync(ResourceRef.Events, Ns)).Items
            .Where(e => KubeObject.GetString(e, "involvedObject", "name") == objectName && KubeObject.GetString(e, "reason") == reason)
            .Select(e => KubeObject.GetString(e, "message") ?? "")];

    protected static long Status(JsonObject obj, string field) => KubeObject.GetInt64(obj, "status", field) ?? 0;

    protected static string? Owner(JsonObject obj) =>
        KubeObject.Get(obj, "metadata", "ownerReferences") is JsonArray refs
            ? refs.OfType<JsonObject>().Where(r => r["controller"]?.GetValue<bool>() == true).Select(r => KubeObject.GetString(r, "name")).FirstOrDefault()
            : null;

    protected static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();
}
