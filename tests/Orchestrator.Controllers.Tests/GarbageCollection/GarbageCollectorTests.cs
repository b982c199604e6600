using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Client;
using Orchestrator.Controllers.GarbageCollection;
using Orchestrator.Controllers.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Controllers.Tests.GarbageCollection;

/// <summary>
/// The garbage collector against a real gateway over HTTP, with a Deployment → ReplicaSet → pods chain as the
/// workload controllers build it: Background deletion removes the dependents after the owner, Foreground
/// holds the owner until its dependents are gone (pods, then the ReplicaSet), Orphan leaves them without the
/// reference; dependents of an owner that never existed, or of another object of the same name, go too.
/// </summary>
public sealed class GarbageCollectorTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private TestGateway _gateway = null!;
    private ControllerHarness? _harness;
    private IActorRef? _controller;

    public GarbageCollectorTests(ITestOutputHelper output)
        : base(GatewaySystem.Config(), "garbage-collector", output)
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
    public async Task Background_deletion_removes_the_dependents_once_the_owner_is_gone()
    {
        var (deployment, replicaSet, pods) = await CreateChainAsync();
        StartController();

        var gone = await Client.DeleteAsync(ResourceRef.Deployments, "default", "web", new DeleteOptions { PropagationPolicy = "Background" });
        Assert.Equal("Success", KubeObject.GetString(gone, "status") ?? "Success");
        await AssertGoneAsync(ResourceRef.Deployments, "web");

        await WaitGoneAsync(ResourceRef.ReplicaSets, KubeObject.Name(replicaSet)!);
        foreach (var pod in pods)
        {
            await WaitGoneAsync(ResourceRef.Pods, KubeObject.Name(pod)!);
        }

        Assert.Equal(["unowned"], (await Client.ListAsync(ResourceRef.Pods, "default")).Items.Select(KubeObject.Name));
        Assert.NotNull(deployment);
    }

    [Fact]
    public async Task Foreground_deletion_holds_the_owner_until_its_dependents_are_gone()
    {
        var (_, replicaSet, pods) = await CreateChainAsync();

        // The API marks the owner and holds it with the finalizer, with or without a garbage collector.
        var marked = await Client.DeleteAsync(ResourceRef.Deployments, "default", "web", new DeleteOptions { PropagationPolicy = "Foreground" });
        Assert.NotNull(KubeObject.DeletionTimestamp(marked));
        Assert.Equal(["foregroundDeletion"], KubeObject.Finalizers(marked));
        Assert.Equal(0, KubeObject.GetInt64(marked, "metadata", "deletionGracePeriodSeconds"));
        var revision = KubeObject.ResourceVersion(marked)!;
        Assert.NotNull(KubeObject.DeletionTimestamp(await Client.GetAsync(ResourceRef.Deployments, "default", "web")));

        StartController();

        // Deletions in order: every pod before the ReplicaSet, the ReplicaSet before the Deployment.
        var order = await DeletionOrderAsync(revision, 1 + 1 + pods.Count);
        Assert.Equal("deployments/web", order[^1]);
        Assert.Equal($"replicasets/{KubeObject.Name(replicaSet)}", order[^2]);
        Assert.All(order.Take(pods.Count), d => Assert.StartsWith("pods/", d, StringComparison.Ordinal));
        Assert.Equal(["unowned"], (await Client.ListAsync(ResourceRef.Pods, "default")).Items.Select(KubeObject.Name));
    }

    [Fact]
    public async Task Orphan_deletion_removes_the_owner_and_leaves_its_dependents_without_the_reference()
    {
        var (deployment, replicaSet, pods) = await CreateChainAsync();

        var marked = await Client.DeleteAsync(ResourceRef.Deployments, "default", "web", new DeleteOptions { PropagationPolicy = "Orphan" });
        Assert.NotNull(KubeObject.DeletionTimestamp(marked));
        Assert.Equal(["orphan"], KubeObject.Finalizers(marked));
        StartController();

        await WaitGoneAsync(ResourceRef.Deployments, "web");
        var orphaned = await Client.GetAsync(ResourceRef.ReplicaSets, "default", KubeObject.Name(replicaSet)!);
        Assert.Null(KubeObject.Get(orphaned, "metadata", "ownerReferences"));
        Assert.Equal(KubeObject.Uid(replicaSet), KubeObject.Uid(orphaned));

        // The pods still belong to the ReplicaSet, which still exists.
        foreach (var pod in pods)
        {
            var current = await Client.GetAsync(ResourceRef.Pods, "default", KubeObject.Name(pod)!);
            Assert.Equal(KubeObject.Uid(replicaSet), OwnerGraph.OwnerUids(current).Single());
        }

        Assert.NotEqual(KubeObject.Uid(deployment), KubeObject.Uid(orphaned));
    }

    [Fact]
    public async Task Dependents_of_an_owner_that_never_existed_or_was_replaced_are_deleted_and_a_dead_reference_beside_a_live_one_is_dropped()
    {
        var service = await Client.CreateAsync(ResourceRef.Services, Json("""{"metadata":{"name":"web","namespace":"default"},"spec":{"ports":[{"port":80}]}}"""));
        await Client.CreateAsync(ResourceRef.ConfigMaps, Json("""
            {"metadata":{"name":"never","namespace":"default","ownerReferences":[{"apiVersion":"v1","kind":"Service","name":"ghost","uid":"00000000-0000-0000-0000-000000000001"}]}}
            """));
        await Client.CreateAsync(ResourceRef.ConfigMaps, Json("""
            {"metadata":{"name":"replaced","namespace":"default","ownerReferences":[{"apiVersion":"v1","kind":"Service","name":"web","uid":"00000000-0000-0000-0000-000000000002"}]}}
            """));
        await Client.CreateAsync(ResourceRef.ConfigMaps, Json($$$"""
            {"metadata":{"name":"two-owners","namespace":"default","ownerReferences":[
              {"apiVersion":"v1","kind":"Service","name":"ghost","uid":"00000000-0000-0000-0000-000000000001"},
              {"apiVersion":"v1","kind":"Service","name":"web","uid":"{{{KubeObject.Uid(service)}}}"}]}}
            """));
        await Client.CreateAsync(ResourceRef.EndpointSlices, Json($$$"""
            {"metadata":{"name":"web-abcde","namespace":"default","ownerReferences":[{"apiVersion":"v1","kind":"Service","name":"web","uid":"{{{KubeObject.Uid(service)}}}","controller":true,"blockOwnerDeletion":true}]},
             "addressType":"IPv4","endpoints":[]}
            """));
        StartController();

        await WaitGoneAsync(ResourceRef.ConfigMaps, "never");
        await WaitGoneAsync(ResourceRef.ConfigMaps, "replaced");
        await AwaitConditionAsync(async () => OwnerGraph.OwnerUids(await Client.GetAsync(ResourceRef.ConfigMaps, "default", "two-owners")).SequenceEqual([KubeObject.Uid(service)!]), Timeout, TimeSpan.FromMilliseconds(50));

        // The Service's EndpointSlice goes with it.
        Assert.NotNull(await Client.GetAsync(ResourceRef.EndpointSlices, "default", "web-abcde"));
        await Client.DeleteAsync(ResourceRef.Services, "default", "web");
        await WaitGoneAsync(ResourceRef.EndpointSlices, "web-abcde");
        await WaitGoneAsync(ResourceRef.ConfigMaps, "two-owners");
    }

    /// <summary>A Deployment, its ReplicaSet and three pods, owned as the workload controllers own them (controller, blockOwnerDeletion), and a pod of nobody.</summary>
    private async Task<(JsonObject Deployment, JsonObject ReplicaSet, List<JsonObject> Pods)> CreateChainAsync()
    {
        var deployment = await Client.CreateAsync(ResourceRef.Deployments, Json("""
            {"metadata":{"name":"web","namespace":"default"},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
             "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"busybox:local"}]}}}}
            """));
        var replicaSet = await Client.CreateAsync(ResourceRef.ReplicaSets, Json($$$"""
            {"metadata":{"name":"web-5d8f","namespace":"default","ownerReferences":[{{{Owner(deployment)}}}]},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
             "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"busybox:local"}]} } } }
            """));
        var pods = new List<JsonObject>();
        for (var i = 0; i < 3; i++)
        {
            pods.Add(await Client.CreateAsync(ResourceRef.Pods, Json($$$"""
                {"metadata":{"name":"web-5d8f-{{{i}}}","namespace":"default","labels":{"app":"web"},"ownerReferences":[{{{Owner(replicaSet)}}}]},
                 "spec":{"containers":[{"name":"c","image":"busybox:local"}]}}
                """)));
        }

        await Client.CreateAsync(ResourceRef.Pods, Json("""{"metadata":{"name":"unowned","namespace":"default"},"spec":{"containers":[{"name":"c","image":"busybox:local"}]}}"""));
        return (deployment, replicaSet, pods);
    }

    private static string Owner(JsonObject owner) =>
        new JsonObject
        {
            ["apiVersion"] = KubeObject.ApiVersion(owner),
            ["kind"] = KubeObject.Kind(owner),
            ["name"] = KubeObject.Name(owner),
            ["uid"] = KubeObject.Uid(owner),
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        }.ToJsonString();

    private void StartController()
    {
        _harness = ControllerHarness.Create(Sys, Client);
        _controller = Sys.ActorOf(GarbageCollector.Props(_harness.Context, new GarbageCollectorSettings()), GarbageCollector.ControllerName);
    }

    /// <summary>"resource/name" of the next <paramref name="count"/> deletions in namespace default, in the order the API made them.</summary>
    private async Task<List<string>> DeletionOrderAsync(string fromRevision, int count)
    {
        var deletions = new List<(long Revision, string What)>();
        using var timeout = new CancellationTokenSource(Timeout);
        var watches = ((ResourceRef[])[ResourceRef.Deployments, ResourceRef.ReplicaSets, ResourceRef.Pods]).Select(async resource =>
        {
            await foreach (var e in Client.WatchAsync(resource, "default", new WatchOptions { ResourceVersion = fromRevision }, timeout.Token))
            {
                if (e.Type == WatchEventType.Deleted)
                {
                    lock (deletions)
                    {
                        deletions.Add((long.Parse(KubeObject.ResourceVersion(e.Object)!, System.Globalization.CultureInfo.InvariantCulture), $"{resource.Plural}/{KubeObject.Name(e.Object)}"));
                        if (deletions.Count == count)
                        {
                            timeout.Cancel();
                        }
                    }
                }
            }
        }).ToList();
        try
        {
            await Task.WhenAll(watches);
        }
        catch (OperationCanceledException)
        {
        }

        Assert.Equal(count, deletions.Count);
        return [.. deletions.OrderBy(d => d.Revision).Select(d => d.What)];
    }

    private async Task WaitGoneAsync(ResourceRef resource, string name) =>
        await AwaitConditionAsync(async () =>
        {
            try
            {
                await Client.GetAsync(resource, "default", name);
                return false;
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return true;
            }
        }, Timeout, TimeSpan.FromMilliseconds(50), $"{resource} {name} still there");

    private async Task AssertGoneAsync(ResourceRef resource, string name)
    {
        var e = await Assert.ThrowsAsync<KubeApiException>(() => Client.GetAsync(resource, "default", name));
        Assert.True(e.IsNotFound);
    }

    private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();
}
