using System.Text.Json.Nodes;
using Orchestrator.Client;
using Orchestrator.Controllers.ReplicaSets;
using Orchestrator.Controllers.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Controllers.Tests.ReplicaSets;

/// <summary>
/// The ReplicaSet controller against a real gateway over HTTP: it creates and deletes pods to spec.replicas,
/// adopts and releases pods by their labels, removes the least valuable pods first and reports its status.
/// The test plays scheduler and kubelet: it binds pods and marks them Running and Ready through pods/status.
/// </summary>
public sealed class ReplicaSetControllerTests(ITestOutputHelper output) : WorkloadTest("replicaset-controller", output)
{
    [Fact]
    public async Task Pods_are_created_from_the_template_and_deleted_down_to_the_replicas()
    {
        StartReplicaSetController();
        var rs = await Client.CreateAsync(ResourceRef.ReplicaSets, ReplicaSet("web", 3));

        await EventuallyAsync(async () => (await PodsAsync()).Count == 3, "3 pods");
        var pods = await PodsAsync();
        foreach (var pod in pods)
        {
            Assert.StartsWith("web-", KubeObject.Name(pod), StringComparison.Ordinal);
            Assert.Equal("web", KubeObject.GetString(pod, "metadata", "generateName")?.TrimEnd('-'));
            Assert.Equal("web", KubeObject.Labels(pod)["app"]);
            Assert.Equal("busybox:local", KubeObject.GetString((JsonObject)KubeObject.Get(pod, "spec", "containers")!.AsArray()[0]!, "image"));
            var owner = KubeObject.Get(pod, "metadata", "ownerReferences")!.AsArray().Single()!.AsObject();
            Assert.Equal("apps/v1", KubeObject.GetString(owner, "apiVersion"));
            Assert.Equal("ReplicaSet", KubeObject.GetString(owner, "kind"));
            Assert.Equal("web", KubeObject.GetString(owner, "name"));
            Assert.Equal(KubeObject.Uid(rs), KubeObject.GetString(owner, "uid"));
            Assert.True(owner["controller"]!.GetValue<bool>());
            Assert.True(owner["blockOwnerDeletion"]!.GetValue<bool>());
        }

        await EventuallyAsync(async () => Status(await GetReplicaSetAsync("web"), "replicas") == 3, "status.replicas 3");
        var status = await GetReplicaSetAsync("web");
        Assert.Equal(3, Status(status, "fullyLabeledReplicas"));
        Assert.Equal(0, Status(status, "readyReplicas"));
        Assert.Equal(1, Status(status, "observedGeneration"));
        await EventuallyAsync(async () => (await EventMessagesAsync("web", "SuccessfulCreate")).Count == 3, "3 SuccessfulCreate events");
        Assert.Equal(pods.Select(p => $"Created pod: {KubeObject.Name(p)}").Order(), (await EventMessagesAsync("web", "SuccessfulCreate")).Order());

        // No more than 3, however long it runs: the expectations held the controller until it saw its own pods.
        // Nor is an unchanged status written again.
        var statusWrites = ControllerClient.Count("patch replicasets.apps default/web/status");
        Assert.True(statusWrites > 0);
        await Task.Delay(500);
        Assert.Equal(3, (await PodsAsync()).Count);
        Assert.Equal(3, ControllerClient.Count("create pods default"));
        Assert.Equal(statusWrites, ControllerClient.Count("patch replicasets.apps default/web/status"));

        await ScaleAsync("web", 1);
        await EventuallyAsync(async () => (await PodsAsync(includeDeleting: true)).Count == 1, "1 pod left");
        await EventuallyAsync(async () => Status(await GetReplicaSetAsync("web"), "replicas") == 1, "status.replicas 1");
        Assert.Equal(2, Status(await GetReplicaSetAsync("web"), "observedGeneration"));
        await EventuallyAsync(async () => (await EventMessagesAsync("web", "SuccessfulDelete")).Count == 2, "2 SuccessfulDelete events");

        // A pod that goes away is replaced.
        var survivor = KubeObject.Name((await PodsAsync()).Single())!;
        await Client.DeleteAsync(ResourceRef.Pods, Ns, survivor);
        await EventuallyAsync(async () => (await PodsAsync()) is [var p] && KubeObject.Name(p) != survivor, "a replacement pod");
    }

    [Fact]
    public async Task Ready_pods_count_as_ready_and_as_available_after_minReadySeconds()
    {
        StartReplicaSetController();
        await Client.CreateAsync(ResourceRef.ReplicaSets, ReplicaSet("web", 3, minReadySeconds: 2));
        await EventuallyAsync(async () => (await PodsAsync()).Count == 3, "3 pods");
        var names = (await PodsAsync()).Select(p => KubeObject.Name(p)!).ToList();

        await SetRunningAsync(names[0], ready: true, since: DateTimeOffset.UtcNow.AddMinutes(-1));
        await SetRunningAsync(names[1], ready: true);
        await SetRunningAsync(names[2], ready: false);

        // The long-ready pod is available at once; the one just ready only after minReadySeconds, which the controller waits out by itself.
        await EventuallyAsync(async () => Status(await GetReplicaSetAsync("web"), "readyReplicas") == 2, "2 ready");
        var status = await GetReplicaSetAsync("web");
        Assert.Equal(1, Status(status, "availableReplicas"));
        await EventuallyAsync(async () => Status(await GetReplicaSetAsync("web"), "availableReplicas") == 2, "2 available");
        Assert.Equal(2, Status(await GetReplicaSetAsync("web"), "readyReplicas"));
        Assert.Equal(3, Status(await GetReplicaSetAsync("web"), "replicas"));
    }

    [Fact]
    public async Task An_orphan_matching_the_selector_is_adopted_and_a_pod_whose_labels_change_is_released()
    {
        await Client.CreateAsync(ResourceRef.Pods, Json("""
            {"metadata":{"name":"stray","namespace":"default","labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"busybox:local"}]}}
            """));
        await Client.CreateAsync(ResourceRef.Pods, Json("""
            {"metadata":{"name":"other","namespace":"default","labels":{"app":"other"}},"spec":{"containers":[{"name":"c","image":"busybox:local"}]}}
            """));
        StartReplicaSetController();
        await Client.CreateAsync(ResourceRef.ReplicaSets, ReplicaSet("web", 2));

        // The stray pod counts as one of the two: only one is created.
        await EventuallyAsync(async () => (await PodsAsync()).Count(p => Owner(p) == "web") == 2, "2 pods owned by web");
        var pods = await PodsAsync();
        Assert.Equal(3, pods.Count);
        Assert.Equal("web", Owner(pods.Single(p => KubeObject.Name(p) == "stray")));
        Assert.Null(Owner(pods.Single(p => KubeObject.Name(p) == "other")));
        Assert.Equal(1, ControllerClient.Count("create pods default"));

        // Relabelled out of the selector, the pod is released (its owner reference removed) and replaced.
        await Client.PatchAsync(ResourceRef.Pods, Ns, "stray", PatchType.Merge, Json("""{"metadata":{"labels":{"app":"debug"}}}"""));
        await EventuallyAsync(async () => Owner(await Client.GetAsync(ResourceRef.Pods, Ns, "stray")) is null, "stray released");
        Assert.Null(KubeObject.Get(await Client.GetAsync(ResourceRef.Pods, Ns, "stray"), "metadata", "ownerReferences") is JsonArray { Count: > 0 } ? "refs" : null);
        await EventuallyAsync(async () => (await PodsAsync()).Count(p => Owner(p) == "web") == 2, "a replacement for stray");
        Assert.Equal(2, ControllerClient.Count("create pods default"));
    }

    [Fact]
    public async Task Scaling_down_deletes_unscheduled_then_pending_then_unready_pods_and_keeps_the_ready_one()
    {
        StartReplicaSetController();
        await Client.CreateAsync(ResourceRef.ReplicaSets, ReplicaSet("web", 5));
        await EventuallyAsync(async () => (await PodsAsync()).Count == 5, "5 pods");
        var names = (await PodsAsync()).Select(p => KubeObject.Name(p)!).ToList();
        var (unscheduled, pending, notReady, readyNew, readyOld) = (names[0], names[1], names[2], names[3], names[4]);
        foreach (var name in names.Skip(1))
        {
            await BindAsync(name, "node-1");
        }

        await SetRunningAsync(notReady, ready: false);
        await SetRunningAsync(readyNew, ready: true, since: DateTimeOffset.UtcNow.AddSeconds(-5));
        await SetRunningAsync(readyOld, ready: true, since: DateTimeOffset.UtcNow.AddHours(-5));
        await EventuallyAsync(async () => Status(await GetReplicaSetAsync("web"), "readyReplicas") == 2, "2 ready");

        foreach (var (replicas, victim) in new[] { (4, unscheduled), (3, pending), (2, notReady), (1, readyNew) })
        {
            await ScaleAsync("web", replicas);
            await EventuallyAsync(async () => (await PodsAsync()).Count == replicas, $"{replicas} pods");
            Assert.DoesNotContain(victim, (await PodsAsync()).Select(KubeObject.Name));
        }

        Assert.Equal([readyOld], (await PodsAsync()).Select(KubeObject.Name));
        await EventuallyAsync(async () => (await EventMessagesAsync("web", "SuccessfulDelete")).Count == 4, "4 SuccessfulDelete events");
        Assert.Contains($"Deleted pod: {unscheduled}", await EventMessagesAsync("web", "SuccessfulDelete"));
    }

    [Fact]
    public async Task Terminal_pods_do_not_count_and_are_replaced()
    {
        StartReplicaSetController();
        await Client.CreateAsync(ResourceRef.ReplicaSets, ReplicaSet("web", 2));
        await EventuallyAsync(async () => (await PodsAsync()).Count == 2, "2 pods");
        var failed = KubeObject.Name((await PodsAsync())[0])!;
        await Client.PatchAsync(ResourceRef.Pods, Ns, failed, PatchType.Merge, Json("""{"status":{"phase":"Failed"}}"""), "status");

        await EventuallyAsync(async () => (await PodsAsync()).Count == 3, "a replacement beside the failed pod");
        Assert.Contains(failed, (await PodsAsync()).Select(KubeObject.Name));
        await EventuallyAsync(async () => Status(await GetReplicaSetAsync("web"), "replicas") == 2, "status.replicas 2");
    }

    [Fact]
    public async Task Refused_creations_set_ReplicaFailure_and_record_FailedCreate_until_they_succeed()
    {
        const string Refusal = "pods \"web-x\" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=1, limited: pods=1";
        var refuse = true;
        ControllerClient.Fault = call => refuse && call == "create pods default"
            ? new KubeApiException(System.Net.HttpStatusCode.Forbidden, new KubeStatus { Code = 403, Reason = "Forbidden", Message = Refusal })
            : null;
        StartReplicaSetController();
        await Client.CreateAsync(ResourceRef.ReplicaSets, ReplicaSet("web", 3));

        await EventuallyAsync(async () => Condition(await GetReplicaSetAsync("web")) is not null, "the ReplicaFailure condition");
        var failure = Condition(await GetReplicaSetAsync("web"))!;
        Assert.Equal("True", KubeObject.GetString(failure, "status"));
        Assert.Equal("FailedCreate", KubeObject.GetString(failure, "reason"));
        Assert.Contains(Refusal, KubeObject.GetString(failure, "message"), StringComparison.Ordinal);
        await EventuallyAsync(async () => (await EventMessagesAsync("web", "FailedCreate")).Count > 0, "a FailedCreate event");
        Assert.Contains(Refusal, (await EventMessagesAsync("web", "FailedCreate"))[0], StringComparison.Ordinal);
        Assert.StartsWith("Error creating: ", (await EventMessagesAsync("web", "FailedCreate"))[0], StringComparison.Ordinal);
        Assert.Empty(await PodsAsync());

        refuse = false;
        await EventuallyAsync(async () => (await PodsAsync()).Count == 3, "3 pods once creations succeed");
        await EventuallyAsync(async () => Condition(await GetReplicaSetAsync("web")) is null && Status(await GetReplicaSetAsync("web"), "replicas") == 3, "ReplicaFailure removed");
    }

    private static JsonObject? Condition(JsonObject rs) =>
        KubeObject.Get(rs, "status", "conditions") is JsonArray conditions
            ? conditions.OfType<JsonObject>().FirstOrDefault(c => KubeObject.GetString(c, "type") == "ReplicaFailure")
            : null;

    private void StartReplicaSetController() =>
        StartController(ReplicaSetController.Props(Harness.Context, new ReplicaSetControllerSettings()), ReplicaSetController.ControllerName);

    private Task<JsonObject> GetReplicaSetAsync(string name) => Client.GetAsync(ResourceRef.ReplicaSets, Ns, name);

    private Task<JsonObject> ScaleAsync(string name, int replicas) =>
        Client.PatchAsync(ResourceRef.ReplicaSets, Ns, name, PatchType.Merge, Json($$"""{"spec":{"replicas":{{replicas}} } }"""));

    private static JsonObject ReplicaSet(string name, int replicas, int minReadySeconds = 0) => Json($$"""
        {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"{{name}}","namespace":"default"},
         "spec":{"replicas":{{replicas}},"minReadySeconds":{{minReadySeconds}},"selector":{"matchLabels":{"app":"{{name}}"} },
          "template":{"metadata":{"labels":{"app":"{{name}}","tier":"front"} },"spec":{"containers":[{"name":"c","image":"busybox:local"}]} } } }
        """);
}
