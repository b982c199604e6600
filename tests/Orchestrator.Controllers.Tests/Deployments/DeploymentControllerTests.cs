using System.Text.Json.Nodes;
using Orchestrator.Client;
using Orchestrator.Controllers.Deployments;
using Orchestrator.Controllers.ReplicaSets;
using Orchestrator.Controllers.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Controllers.Tests.Deployments;

/// <summary>
/// The Deployment and ReplicaSet controllers together against a real gateway over HTTP, with the test playing the
/// kubelet (<see cref="TestKubelet"/> reports new pods Running and Ready): rolling updates within maxSurge and
/// maxUnavailable, the real kubectl (rollout status, undo, history, pause, resume; scale), Recreate, pause and resume, the revision history limit and the
/// progress deadline.
/// </summary>
public sealed class DeploymentControllerTests(ITestOutputHelper output) : WorkloadTest("deployment-controller", output)
{
    private TestKubelet _kubelet = null!;

    // kubectl, which one test runs, sends its token over HTTPS only.
    protected override bool Https => true;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _kubelet = await TestKubelet.StartAsync(Client, Ns);
        StartController(ReplicaSetController.Props(Harness.Context, new ReplicaSetControllerSettings()), ReplicaSetController.ControllerName);
        StartController(DeploymentController.Props(Harness.Context, new DeploymentControllerSettings()), DeploymentController.ControllerName);
    }

    public override async Task DisposeAsync()
    {
        await _kubelet.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task A_rolling_update_of_ten_replicas_never_has_fewer_than_eight_ready_pods_nor_more_than_thirteen()
    {
        await Client.CreateAsync(ResourceRef.Deployments, Deployment("web", 10, "v1"));
        await WaitRolledOutAsync("web", generation: 1);
        var v1 = Assert.Single(await ReplicaSetsAsync());
        var hash = KubeObject.Labels(v1)[PodTemplateHash.Label];
        Assert.Equal($"web-{hash}", KubeObject.Name(v1));
        Assert.Equal(hash, KubeObject.GetString(v1, "spec", "selector", "matchLabels", PodTemplateHash.Label));
        Assert.Equal(hash, KubeObject.GetString(v1, "spec", "template", "metadata", "labels", PodTemplateHash.Label));
        Assert.Equal("1", KubeObject.Annotations(v1)[DeploymentAnnotations.Revision]);
        Assert.Equal("10", KubeObject.Annotations(v1)[DeploymentAnnotations.DesiredReplicas]);
        Assert.Equal("13", KubeObject.Annotations(v1)[DeploymentAnnotations.MaxReplicas]);
        Assert.Equal("Deployment", KubeObject.GetString(KubeObject.Get(v1, "metadata", "ownerReferences")!.AsArray()[0]!.AsObject(), "kind"));
        Assert.All(await PodsAsync(), p => Assert.Equal(hash, KubeObject.Labels(p)[PodTemplateHash.Label]));

        _kubelet.ResetCounts();
        await SetImageAsync("web", "v2");
        var done = await WaitRolledOutAsync("web", generation: 2);

        Assert.True(_kubelet.MinReady >= 8, $"only {_kubelet.MinReady} ready pods at one point of the rollout");
        Assert.True(_kubelet.MaxPods <= 13, $"{_kubelet.MaxPods} pods at one point of the rollout");
        Assert.Equal("2", KubeObject.Annotations(done)[DeploymentAnnotations.Revision]);
        var replicaSets = await ReplicaSetsAsync();
        Assert.Equal(2, replicaSets.Count);
        var v2 = replicaSets.Single(rs => KubeObject.Name(rs) != KubeObject.Name(v1));
        Assert.Equal("2", KubeObject.Annotations(v2)[DeploymentAnnotations.Revision]);
        Assert.Equal(10, KubeObject.GetInt64(v2, "spec", "replicas"));
        Assert.Equal(0, KubeObject.GetInt64(replicaSets.Single(rs => KubeObject.Name(rs) == KubeObject.Name(v1)), "spec", "replicas"));
        await EventuallyAsync(async () => (await PodsAsync()).Count == 10, "the old pods gone");

        // Once rolled out, nothing more is written.
        await Task.Delay(300);
        var writes = ControllerClient.Calls.Count(c => c.StartsWith("patch deployments.apps", StringComparison.Ordinal) || c.StartsWith("update replicasets.apps", StringComparison.Ordinal));
        await Task.Delay(500);
        Assert.Equal(writes, ControllerClient.Calls.Count(c => c.StartsWith("patch deployments.apps", StringComparison.Ordinal) || c.StartsWith("update replicasets.apps", StringComparison.Ordinal)));
        Assert.All(await PodsAsync(), p => Assert.Equal("busybox:v2", Image(p)));

        var progressing = Condition(done, DeploymentConditions.Progressing)!;
        Assert.Equal("True", KubeObject.GetString(progressing, "status"));
        Assert.Equal($"ReplicaSet \"{KubeObject.Name(v2)}\" has successfully progressed.", KubeObject.GetString(progressing, "message"));
        Assert.Equal("MinimumReplicasAvailable", KubeObject.GetString(Condition(done, DeploymentConditions.Available)!, "reason"));
        Assert.Contains($"Scaled up replica set {KubeObject.Name(v2)} from 0 to 3", await EventMessagesAsync("web", "ScalingReplicaSet"));
        Assert.Contains($"Scaled down replica set {KubeObject.Name(v1)} from 10 to 8", await EventMessagesAsync("web", "ScalingReplicaSet"));
    }

    [Fact]
    public async Task Kubectl_rollout_status_undo_pause_resume_and_scale_drive_the_deployment()
    {
        Assert.True(TestKubectl.Installed, $"{TestKubectl.Binary} is part of the machine image");
        using var kubectl = new TestKubectl(Gateway);
        await Client.CreateAsync(ResourceRef.Deployments, Deployment("web", 3, "v1"));
        await kubectl.OkAsync(Timeout, "rollout", "status", "deployment/web", "--timeout=30s");
        var v1 = Assert.Single(await ReplicaSetsAsync());

        await kubectl.OkAsync(Timeout, "set", "image", "deployment/web", "app=busybox:v2");
        var status = await kubectl.OkAsync(Timeout, "rollout", "status", "deployment/web", "--timeout=30s");
        Assert.Contains("successfully rolled out", status, StringComparison.Ordinal);
        Assert.All(await PodsAsync(), p => Assert.Equal("busybox:v2", Image(p)));
        var history = await kubectl.OkAsync(Timeout, "rollout", "history", "deployment/web");
        Assert.Contains("1 ", history, StringComparison.Ordinal);
        Assert.Contains("2 ", history, StringComparison.Ordinal);

        var undo = await kubectl.OkAsync(Timeout, "rollout", "undo", "deployment/web");
        Assert.Contains("rolled back", undo, StringComparison.Ordinal);
        await kubectl.OkAsync(Timeout, "rollout", "status", "deployment/web", "--timeout=30s");

        // The v1 ReplicaSet is scaled back up as revision 3, no third ReplicaSet is made, and the pods run v1 again.
        var deployment = await Client.GetAsync(ResourceRef.Deployments, Ns, "web");
        Assert.Equal("busybox:v1", KubeObject.GetString(KubeObject.Get(deployment, "spec", "template", "spec", "containers")!.AsArray()[0]!.AsObject(), "image"));
        Assert.Equal("3", KubeObject.Annotations(deployment)[DeploymentAnnotations.Revision]);
        var replicaSets = await ReplicaSetsAsync();
        Assert.Equal(2, replicaSets.Count);
        var restored = replicaSets.Single(rs => KubeObject.Name(rs) == KubeObject.Name(v1));
        Assert.Equal(3, KubeObject.GetInt64(restored, "spec", "replicas"));
        Assert.Equal("3", KubeObject.Annotations(restored)[DeploymentAnnotations.Revision]);
        await EventuallyAsync(async () => (await PodsAsync()) is { Count: 3 } pods && pods.All(p => Image(p) == "busybox:v1"), "3 v1 pods only");

        // kubectl scale goes through the scale subresource; pause, set image and resume roll out only on resume.
        await kubectl.OkAsync(Timeout, "scale", "deployment/web", "--replicas=5");
        await kubectl.OkAsync(Timeout, "rollout", "status", "deployment/web", "--timeout=30s");
        await EventuallyAsync(async () => (await PodsAsync()).Count == 5, "5 pods");
        await kubectl.OkAsync(Timeout, "rollout", "pause", "deployment/web");
        await kubectl.OkAsync(Timeout, "set", "image", "deployment/web", "app=busybox:v3");
        await Task.Delay(500);
        Assert.Equal(2, (await ReplicaSetsAsync()).Count);
        await kubectl.OkAsync(Timeout, "rollout", "resume", "deployment/web");
        await kubectl.OkAsync(Timeout, "rollout", "status", "deployment/web", "--timeout=30s");
        Assert.Equal(3, (await ReplicaSetsAsync()).Count);
        await EventuallyAsync(async () => (await PodsAsync()) is { Count: 5 } pods && pods.All(p => Image(p) == "busybox:v3"), "5 v3 pods");
    }

    [Fact]
    public async Task Recreate_removes_every_old_pod_before_creating_new_ones()
    {
        var deployment = Deployment("web", 3, "v1");
        deployment["spec"]!["strategy"] = new JsonObject { ["type"] = "Recreate" };
        await Client.CreateAsync(ResourceRef.Deployments, deployment);
        await WaitRolledOutAsync("web", generation: 1);

        _kubelet.ResetCounts();
        await SetImageAsync("web", "v2");
        await WaitRolledOutAsync("web", generation: 2);
        Assert.Equal(3, _kubelet.MaxPods);
        await EventuallyAsync(async () => (await PodsAsync()) is { Count: 3 } pods && pods.All(p => Image(p) == "busybox:v2"), "3 v2 pods");

        // No new pod was created while an old one was still there.
        var created = (await Client.ListAsync(ResourceRef.Events, Ns)).Items.Where(e => KubeObject.GetString(e, "reason") == "ScalingReplicaSet").Select(e => KubeObject.GetString(e, "message")).ToList();
        Assert.Contains(created, m => m!.StartsWith("Scaled down replica set web-", StringComparison.Ordinal) && m.EndsWith("from 3 to 0", StringComparison.Ordinal));
        Assert.Contains(created, m => m!.StartsWith("Scaled up replica set web-", StringComparison.Ordinal) && m.EndsWith("from 0 to 3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_paused_deployment_does_not_roll_out_until_resumed()
    {
        await Client.CreateAsync(ResourceRef.Deployments, Deployment("web", 2, "v1"));
        await WaitRolledOutAsync("web", generation: 1);

        await Client.PatchAsync(ResourceRef.Deployments, Ns, "web", PatchType.Merge, Json("""{"spec":{"paused":true}}"""));
        await SetImageAsync("web", "v2");
        await EventuallyAsync(async () => Condition(await GetDeploymentAsync("web"), DeploymentConditions.Progressing) is { } c
            && KubeObject.GetString(c, "reason") == "DeploymentPaused", "the DeploymentPaused condition");
        var paused = await GetDeploymentAsync("web");
        Assert.Equal("Unknown", KubeObject.GetString(Condition(paused, DeploymentConditions.Progressing)!, "status"));
        Assert.Equal("Deployment is paused", KubeObject.GetString(Condition(paused, DeploymentConditions.Progressing)!, "message"));

        // Scaling a paused Deployment still works; the template does not roll.
        await Client.PatchAsync(ResourceRef.Deployments, Ns, "web", PatchType.Merge, Json("""{"spec":{"replicas":4}}"""));
        await EventuallyAsync(async () => (await PodsAsync()).Count == 4, "4 pods");
        await Task.Delay(500);
        Assert.Single(await ReplicaSetsAsync());
        Assert.All(await PodsAsync(), p => Assert.Equal("busybox:v1", Image(p)));

        await Client.PatchAsync(ResourceRef.Deployments, Ns, "web", PatchType.Merge, Json("""{"spec":{"paused":false}}"""));
        var done = await WaitRolledOutAsync("web", generation: 4);
        Assert.Equal(2, (await ReplicaSetsAsync()).Count);
        await EventuallyAsync(async () => (await PodsAsync()) is { Count: 4 } pods && pods.All(p => Image(p) == "busybox:v2"), "4 v2 pods");
        Assert.Equal("NewReplicaSetAvailable", KubeObject.GetString(Condition(done, DeploymentConditions.Progressing)!, "reason"));
    }

    [Fact]
    public async Task Old_replica_sets_beyond_the_revision_history_limit_are_deleted()
    {
        var deployment = Deployment("web", 1, "v1");
        deployment["spec"]!["revisionHistoryLimit"] = 1;
        await Client.CreateAsync(ResourceRef.Deployments, deployment);
        await WaitRolledOutAsync("web", generation: 1);
        for (var version = 2; version <= 4; version++)
        {
            await SetImageAsync("web", $"v{version}");
            await WaitRolledOutAsync("web", generation: version);
        }

        // The new ReplicaSet (revision 4) and one old one (revision 3) are kept.
        await EventuallyAsync(async () => (await ReplicaSetsAsync()).Count == 2, "2 ReplicaSets");
        Assert.Equal(["3", "4"], (await ReplicaSetsAsync()).Select(rs => KubeObject.Annotations(rs)[DeploymentAnnotations.Revision]).Order());
    }

    [Fact]
    public async Task A_rollout_without_ready_pods_exceeds_its_progress_deadline()
    {
        _kubelet.MarkReady = false;
        var deployment = Deployment("web", 2, "v1");
        deployment["spec"]!["progressDeadlineSeconds"] = 2;
        await Client.CreateAsync(ResourceRef.Deployments, deployment);

        await EventuallyAsync(async () => Condition(await GetDeploymentAsync("web"), DeploymentConditions.Progressing) is { } c
            && KubeObject.GetString(c, "reason") == "ProgressDeadlineExceeded", "ProgressDeadlineExceeded");
        var stuck = await GetDeploymentAsync("web");
        var progressing = Condition(stuck, DeploymentConditions.Progressing)!;
        Assert.Equal("False", KubeObject.GetString(progressing, "status"));
        Assert.Matches("^ReplicaSet \"web-[a-z0-9]+\" has timed out progressing\\.$", KubeObject.GetString(progressing, "message"));
        var available = Condition(stuck, DeploymentConditions.Available)!;
        Assert.Equal("False", KubeObject.GetString(available, "status"));
        Assert.Equal("MinimumReplicasUnavailable", KubeObject.GetString(available, "reason"));
        Assert.Equal(2, Status(stuck, "unavailableReplicas"));
    }

    [Fact]
    public async Task Scaling_during_a_rollout_spreads_the_change_over_the_replica_sets_in_proportion()
    {
        await Client.CreateAsync(ResourceRef.Deployments, Deployment("web", 10, "v1"));
        await WaitRolledOutAsync("web", generation: 1);

        // With no new pod ever ready, the rollout stops at 13 pods (maxSurge 3) of which 8 old ones (maxUnavailable 2): 5 new.
        _kubelet.MarkReady = false;
        await SetImageAsync("web", "v2");
        await EventuallyAsync(async () => Sizes(await ReplicaSetsAsync()).SequenceEqual([5L, 8L]), "ReplicaSets at 8 and 5");
        await Task.Delay(300);
        Assert.Equal([5L, 8L], Sizes(await ReplicaSetsAsync()));

        // 10 → 20 allows 25 pods: the 12 more go 7 to the old ReplicaSet (8 × 25/13 = 15) and 5 to the new one (5 × 25/13 = 10).
        await Client.PatchAsync(ResourceRef.Deployments, Ns, "web", PatchType.Merge, Json("""{"spec":{"replicas":20}}"""));
        await EventuallyAsync(async () => Sizes(await ReplicaSetsAsync()).SequenceEqual([10L, 15L]), "ReplicaSets at 15 and 10");
        Assert.All(await ReplicaSetsAsync(), rs => Assert.Equal("20", KubeObject.Annotations(rs)[DeploymentAnnotations.DesiredReplicas]));
        Assert.All(await ReplicaSetsAsync(), rs => Assert.Equal("25", KubeObject.Annotations(rs)[DeploymentAnnotations.MaxReplicas]));
        var scaled = await EventMessagesAsync("web", "ScalingReplicaSet");
        Assert.Contains(scaled, m => m.EndsWith("from 8 to 15", StringComparison.Ordinal));
        Assert.Contains(scaled, m => m.EndsWith("from 5 to 10", StringComparison.Ordinal));
    }

    private static List<long> Sizes(List<JsonObject> replicaSets) => [.. replicaSets.Select(rs => KubeObject.GetInt64(rs, "spec", "replicas") ?? 0).Order()];

    [Fact]
    public async Task An_orphan_replica_set_with_the_same_template_is_adopted_as_the_new_one()
    {
        var orphan = Deployment("web", 2, "v1");
        orphan["kind"] = "ReplicaSet";
        orphan["metadata"]!["name"] = "web-by-hand";
        orphan["metadata"]!["labels"] = new JsonObject { ["app"] = "web" };
        orphan["spec"]!.AsObject().Remove("strategy");
        await Client.CreateAsync(ResourceRef.ReplicaSets, orphan);
        await EventuallyAsync(async () => (await PodsAsync()).Count == 2, "the orphan's 2 pods");

        await Client.CreateAsync(ResourceRef.Deployments, Deployment("web", 2, "v1"));
        await WaitRolledOutAsync("web", generation: 1);
        var adopted = Assert.Single(await ReplicaSetsAsync());
        Assert.Equal("web-by-hand", KubeObject.Name(adopted));
        Assert.Equal("web", Owner(adopted));
        Assert.Equal("1", KubeObject.Annotations(adopted)[DeploymentAnnotations.Revision]);
        Assert.Equal(2, (await PodsAsync()).Count);
    }

    private async Task<JsonObject> WaitRolledOutAsync(string name, long generation)
    {
        JsonObject? deployment = null;
        await EventuallyAsync(async () =>
        {
            deployment = await GetDeploymentAsync(name);
            var replicas = KubeObject.GetInt64(deployment, "spec", "replicas") ?? 1;
            return Status(deployment, "observedGeneration") >= generation && Status(deployment, "updatedReplicas") == replicas
                && Status(deployment, "replicas") == replicas && Status(deployment, "availableReplicas") == replicas
                && KubeObject.GetString(Condition(deployment, DeploymentConditions.Progressing) ?? [], "reason") == "NewReplicaSetAvailable";
        }, $"{name} rolled out at generation {generation}");
        return deployment!;
    }

    private Task<JsonObject> SetImageAsync(string name, string version) =>
        Client.PatchAsync(ResourceRef.Deployments, Ns, name, PatchType.StrategicMerge,
            Json($$"""{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"busybox:{{version}}"}]} } } }"""));

    private Task<JsonObject> GetDeploymentAsync(string name) => Client.GetAsync(ResourceRef.Deployments, Ns, name);

    private async Task<List<JsonObject>> ReplicaSetsAsync() => [.. (await Client.ListAsync(ResourceRef.ReplicaSets, Ns)).Items];

    private static JsonObject? Condition(JsonObject deployment, string type) =>
        KubeObject.Get(deployment, "status", "conditions") is JsonArray conditions
            ? conditions.OfType<JsonObject>().FirstOrDefault(c => KubeObject.GetString(c, "type") == type)
            : null;

    private static string? Image(JsonObject pod) => KubeObject.GetString(KubeObject.Get(pod, "spec", "containers")!.AsArray()[0]!.AsObject(), "image");

    private static JsonObject Deployment(string name, int replicas, string version) => Json($$"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"{{name}}","namespace":"default"},
         "spec":{"replicas":{{replicas}},"selector":{"matchLabels":{"app":"{{name}}"} },
          "template":{"metadata":{"labels":{"app":"{{name}}"} },"spec":{"containers":[{"name":"app","image":"busybox:{{version}}"}]} } } }
        """);
}
