using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Client;
using Orchestrator.Controllers.Namespaces;
using Orchestrator.Controllers.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Controllers.Tests.Namespaces;

/// <summary>
/// The namespace controller against a real gateway over HTTP, through a real <see cref="KubeClient"/>:
/// a deleted namespace is emptied, finalized and goes; a pod still in its grace period holds it Terminating.
/// </summary>
public sealed class NamespaceControllerTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(200);

    private TestGateway _gateway = null!;
    private RecordingKubeClient _controllerClient = null!;
    private ControllerHarness? _harness;
    private IActorRef? _controller;

    public NamespaceControllerTests(ITestOutputHelper output)
        : base(GatewaySystem.Config(), "namespace-controller", output)
    {
    }

    private KubeClient Client => _gateway.Client;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync(Sys);
        _controllerClient = new RecordingKubeClient(_gateway.Client);
    }

    public async Task DisposeAsync()
    {
        // The controller and its informers first: their watch is a request the HTTP server would otherwise wait for as it stops.
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
    public async Task A_deleted_namespace_is_emptied_then_finalized_and_disappears()
    {
        await CreateNamespaceAsync("team-a");
        await CreateNamespaceAsync("team-b");
        await Client.CreateAsync(ResourceRef.ConfigMaps, Json("""{"metadata":{"name":"a1","namespace":"team-a"},"data":{"k":"v"}}"""));
        await Client.CreateAsync(ResourceRef.ConfigMaps, Json("""{"metadata":{"name":"a2","namespace":"team-a"}}"""));
        await Client.CreateAsync(ResourceRef.Secrets, Json("""{"metadata":{"name":"s","namespace":"team-a"},"stringData":{"password":"x"}}"""));
        await Client.CreateAsync(ResourceRef.Leases, Json("""{"metadata":{"name":"l","namespace":"team-a"},"spec":{"holderIdentity":"me"}}"""));
        await Client.CreateAsync(ResourceRef.Deployments, Json("""
            {"metadata":{"name":"d","namespace":"team-a"},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"d"}},
             "template":{"metadata":{"labels":{"app":"d"}},"spec":{"containers":[{"name":"c","image":"busybox:local"}]}}}}
            """));
        await Client.CreateAsync(ResourceRef.Pods, Json("""{"metadata":{"name":"unscheduled","namespace":"team-a"},"spec":{"containers":[{"name":"c","image":"busybox:local"}]}}"""));
        await Client.CreateAsync(ResourceRef.ConfigMaps, Json("""{"metadata":{"name":"b1","namespace":"team-b"}}"""));
        StartController();

        var deleting = await Client.DeleteAsync(ResourceRef.Namespaces, null, "team-a");
        Assert.NotNull(KubeObject.DeletionTimestamp(deleting));
        Assert.Equal("Terminating", KubeObject.GetString(deleting, "status", "phase"));
        Assert.Equal(["kubernetes"], Finalizers(deleting));

        // The namespace goes once the controller has cleared its "kubernetes" finalizer through /finalize:
        // an ordinary update keeps spec.finalizers, so its last state shows which way it went.
        var gone = await WaitForNamespaceDeletedAsync("team-a", KubeObject.ResourceVersion(deleting)!);
        Assert.Empty(Finalizers(gone));
        Assert.Contains("update namespaces team-a/finalize", _controllerClient.Calls);
        var notFound = await Assert.ThrowsAsync<KubeApiException>(() => Client.GetAsync(ResourceRef.Namespaces, null, "team-a"));
        Assert.True(notFound.IsNotFound);

        foreach (var resource in (ResourceRef[])[ResourceRef.ConfigMaps, ResourceRef.Secrets, ResourceRef.Leases, ResourceRef.Deployments, ResourceRef.Pods])
        {
            Assert.True((await Client.ListAsync(resource, "team-a")).Items.Count == 0, $"{resource} left in team-a");
        }

        // Another namespace is left alone.
        Assert.Equal(["b1"], (await Client.ListAsync(ResourceRef.ConfigMaps, "team-b")).Items.Select(KubeObject.Name));
        Assert.Equal("Active", KubeObject.GetString(await Client.GetAsync(ResourceRef.Namespaces, null, "team-b"), "status", "phase"));
        Assert.DoesNotContain(_controllerClient.Calls, c => c.Contains("team-b", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pod_in_its_grace_period_keeps_the_namespace_Terminating_until_it_is_gone()
    {
        await CreateNamespaceAsync("team-a");
        await Client.CreateAsync(ResourceRef.Pods, Json("""{"metadata":{"name":"p","namespace":"team-a"},"spec":{"containers":[{"name":"c","image":"busybox:local"}]}}"""));
        await Client.CreateSubresourceAsync(ResourceRef.Pods, "team-a", "p", "binding", Json("""{"apiVersion":"v1","kind":"Binding","metadata":{"name":"p"},"target":{"kind":"Node","name":"node-1"}}"""));
        await Client.CreateAsync(ResourceRef.ConfigMaps, Json("""{"metadata":{"name":"c","namespace":"team-a"}}"""));
        StartController();

        var deleting = await Client.DeleteAsync(ResourceRef.Namespaces, null, "team-a");
        var revision = KubeObject.ResourceVersion(deleting)!;

        // The controller deletes the pod, which, bound to a node, only gets its deletion timestamp.
        var marked = await WaitForAsync(ResourceRef.Pods, "team-a", revision, e => e.Type == WatchEventType.Modified && KubeObject.DeletionTimestamp(e.Object) is not null);
        Assert.Equal(30, KubeObject.GetInt64(marked, "metadata", "deletionGracePeriodSeconds"));

        // Two more passes of the controller later (each looks at the pods twice), the namespace is still
        // there and still Terminating.
        var looks = _controllerClient.Count("list pods team-a");
        await AwaitConditionAsync(() => Task.FromResult(_controllerClient.Count("list pods team-a") >= looks + 4), Timeout, TimeSpan.FromMilliseconds(20));
        var terminating = await Client.GetAsync(ResourceRef.Namespaces, null, "team-a");
        Assert.Equal("Terminating", KubeObject.GetString(terminating, "status", "phase"));
        Assert.Equal(["kubernetes"], Finalizers(terminating));
        Assert.Empty((await Client.ListAsync(ResourceRef.ConfigMaps, "team-a")).Items);
        Assert.Equal(["p"], (await Client.ListAsync(ResourceRef.Pods, "team-a")).Items.Select(KubeObject.Name));
        Assert.DoesNotContain("update namespaces team-a/finalize", _controllerClient.Calls);

        // The kubelet has stopped the pod's containers: it deletes the pod for good, and the namespace follows.
        await Client.DeleteAsync(ResourceRef.Pods, "team-a", "p", new DeleteOptions { GracePeriodSeconds = 0 });
        var gone = await WaitForNamespaceDeletedAsync("team-a", revision);
        Assert.Empty(Finalizers(gone));
        Assert.Contains("update namespaces team-a/finalize", _controllerClient.Calls);
    }

    private void StartController()
    {
        _harness = ControllerHarness.Create(Sys, _controllerClient);
        _controller = Sys.ActorOf(NamespaceController.Props(_harness.Context, new NamespaceControllerSettings { ContentRemainingRetry = Retry }), NamespaceController.ControllerName);
    }

    private async Task CreateNamespaceAsync(string name)
    {
        var created = await Client.CreateAsync(ResourceRef.Namespaces, Json($$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{name}}"} }"""));
        Assert.Equal("Active", KubeObject.GetString(created, "status", "phase"));
        Assert.Equal(["kubernetes"], Finalizers(created));
    }

    private Task<JsonObject> WaitForNamespaceDeletedAsync(string name, string fromRevision) =>
        WaitForAsync(ResourceRef.Namespaces, null, fromRevision, e => e.Type == WatchEventType.Deleted && KubeObject.Name(e.Object) == name);

    /// <summary>The object of the first change after <paramref name="fromRevision"/> that <paramref name="wanted"/> accepts.</summary>
    private async Task<JsonObject> WaitForAsync(ResourceRef resource, string? ns, string fromRevision, Func<WatchEvent, bool> wanted)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await foreach (var e in Client.WatchAsync(resource, ns, new WatchOptions { ResourceVersion = fromRevision }, timeout.Token))
        {
            Assert.NotEqual(WatchEventType.Error, e.Type);
            if (wanted(e))
            {
                return e.Object;
            }
        }

        throw new Xunit.Sdk.XunitException($"the watch of {resource} ended without the change awaited");
    }

    private static IReadOnlyList<string> Finalizers(JsonObject ns) =>
        KubeObject.Get(ns, "spec", "finalizers") is JsonArray finalizers ? [.. finalizers.Select(f => f!.GetValue<string>())] : [];

    private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();
}
