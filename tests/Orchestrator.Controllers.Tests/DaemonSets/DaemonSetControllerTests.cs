using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Client;
using Orchestrator.Controllers.DaemonSets;
using Orchestrator.Controllers.Jobs;
using Orchestrator.Controllers.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Controllers.Tests.DaemonSets;

/// <summary>
/// The DaemonSet controller against a real gateway: a pod per eligible node (nodeSelector, taints), pinned by
/// node affinity with the daemon tolerations, following nodes as they come, change and go; a rolling update
/// that never leaves more than maxUnavailable nodes without an available pod; the status counts.
/// </summary>
public sealed class DaemonSetControllerTests(ITestOutputHelper output) : GatewayControllerTest("daemonset-controller", output)
{
    private readonly CancellationTokenSource _stopKubelet = new();
    private Task _kubelet = Task.CompletedTask;

    public override async Task DisposeAsync()
    {
        await _stopKubelet.CancelAsync();
        await _kubelet;
        _stopKubelet.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task A_pod_runs_on_each_eligible_node_and_follows_nodes_as_they_come_change_and_go()
    {
        await CreateNodeAsync("node-a", "ssd");
        await CreateNodeAsync("node-b", "ssd", """[{"key":"dedicated","value":"x","effect":"NoSchedule"}]""");
        await CreateNodeAsync("node-c", "hdd");
        StartDaemonSets();
        await Client.CreateAsync(ResourceRef.DaemonSets, DaemonSet("agent", """{"nodeSelector":{"disk":"ssd"},"hostNetwork":true}"""));

        var pods = await WaitForPodsOnAsync("node-a");
        var pod = pods["node-a"];
        var term = (JsonObject)((JsonArray)KubeObject.Get(pod, "spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")!)[0]!;
        Assert.Equal("""{"matchFields":[{"key":"metadata.name","operator":"In","values":["node-a"]}]}""", term.ToJsonString());
        var tolerations = ((JsonArray)KubeObject.Get(pod, "spec", "tolerations")!).OfType<JsonObject>()
            .Select(t => $"{KubeObject.GetString(t, "key")}:{KubeObject.GetString(t, "effect")}:{KubeObject.GetString(t, "operator")}:{KubeObject.GetInt64(t, "tolerationSeconds")}").ToList();
        Assert.Equal(
            [
                "node.kubernetes.io/not-ready:NoExecute:Exists:", "node.kubernetes.io/unreachable:NoExecute:Exists:",
                "node.kubernetes.io/disk-pressure:NoSchedule:Exists:", "node.kubernetes.io/memory-pressure:NoSchedule:Exists:",
                "node.kubernetes.io/pid-pressure:NoSchedule:Exists:", "node.kubernetes.io/unschedulable:NoSchedule:Exists:",
                "node.kubernetes.io/network-unavailable:NoSchedule:Exists:",
            ],
            tolerations);
        Assert.Equal("1", KubeObject.Labels(pod)[DaemonPods.TemplateGenerationLabel]);
        Assert.True(KubeObject.Labels(pod).ContainsKey(DaemonPods.RevisionHashLabel));
        Assert.Equal("agent", KubeObject.GetString((JsonObject)((JsonArray)KubeObject.Get(pod, "metadata", "ownerReferences")!)[0]!, "name"));
        await WaitForStatusAsync("agent", desired: 1, current: 1, ready: 0);

        // A new eligible node gets one; an untainted node gets one; a node that goes loses it; a relabelled node too.
        await CreateNodeAsync("node-d", "ssd");
        await WaitForPodsOnAsync("node-a", "node-d");
        var b = await Client.GetAsync(ResourceRef.Nodes, null, "node-b");
        b["spec"]!.AsObject().Remove("taints");
        await Client.UpdateAsync(ResourceRef.Nodes, b);
        await WaitForPodsOnAsync("node-a", "node-b", "node-d");
        await Client.DeleteAsync(ResourceRef.Nodes, null, "node-d");
        await WaitForPodsOnAsync("node-a", "node-b");
        var a = await Client.GetAsync(ResourceRef.Nodes, null, "node-a");
        a["metadata"]!["labels"]!["disk"] = "hdd";
        await Client.UpdateAsync(ResourceRef.Nodes, a);
        var remaining = await WaitForPodsOnAsync("node-b");

        await MarkReadyAsync(remaining["node-b"]);
        await WaitForStatusAsync("agent", desired: 1, current: 1, ready: 1);
        var events = (await Client.ListAsync(ResourceRef.Events, "default")).Items;
        Assert.Contains(events, e => KubeObject.GetString(e, "reason") == "SuccessfulCreate" && KubeObject.GetString(e, "message")!.StartsWith("Created pod: agent-", StringComparison.Ordinal));
        Assert.Contains(events, e => KubeObject.GetString(e, "reason") == "SuccessfulDelete");
    }

    [Fact]
    public async Task A_rolling_update_replaces_one_node_at_a_time()
    {
        foreach (var name in (string[])["n1", "n2", "n3", "n4"])
        {
            await CreateNodeAsync(name, "ssd");
        }

        StartKubelet();
        StartDaemonSets();
        await Client.CreateAsync(ResourceRef.DaemonSets, DaemonSet("agent", "{}"));
        await WaitForStatusAsync("agent", desired: 4, current: 4, ready: 4);

        var ds = await Client.GetAsync(ResourceRef.DaemonSets, "default", "agent");
        ds["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "busybox:v2";
        await Client.UpdateAsync(ResourceRef.DaemonSets, ds);

        var fewest = 4;
        await EventuallyAsync(async () =>
        {
            var pods = await DaemonPodsAsync();
            var available = pods.Where(PodStates.Ready).Select(DaemonPods.TargetNode).Distinct().Count();
            fewest = Math.Min(fewest, available);
            return pods.Count == 4 && pods.All(p => KubeObject.GetString((JsonObject)((JsonArray)KubeObject.Get(p, "spec", "containers")!)[0]!, "image") == "busybox:v2" && PodStates.Ready(p));
        }, "every pod replaced by a ready v2 pod");

        Assert.True(fewest >= 3, $"only {fewest} of 4 nodes had an available pod at one point (maxUnavailable 1)");
        var status = await WaitForStatusAsync("agent", desired: 4, current: 4, ready: 4);
        Assert.Equal(4, KubeObject.GetInt64(status, "status", "updatedNumberScheduled"));
        Assert.Equal(2, KubeObject.GetInt64(status, "status", "observedGeneration"));
    }

    [Fact]
    public async Task Each_template_is_kept_as_a_controller_revision_and_a_rollback_renumbers_the_old_one()
    {
        await CreateNodeAsync("n1", "ssd");
        StartKubelet();
        StartDaemonSets();
        await Client.CreateAsync(ResourceRef.DaemonSets, DaemonSet("agent", "{}"));
        var first = await WaitForRevisionsAsync(1);
        var v1 = Assert.Single(first);
        Assert.Equal(("daemonset.apps/agent", 1), (Controller(v1), KubeObject.GetInt64(v1, "revision")));
        Assert.Equal("agent", KubeObject.Labels(v1)["app"]);
        Assert.Equal("replace", KubeObject.GetString(v1, "data", "spec", "template", "$patch"));

        await SetImageAsync("busybox:v2");
        var second = await WaitForRevisionsAsync(2);
        Assert.Equal([1, 2], second.Select(r => KubeObject.GetInt64(r, "revision") ?? 0).Order());

        // Back to v1's template, as kubectl rollout undo patches it in: v1's revision becomes the newest, no new object.
        await SetImageAsync("busybox:local");
        await EventuallyAsync(async () =>
        {
            var revisions = await RevisionsAsync();
            return revisions.Count == 2 && revisions.Any(r => KubeObject.Name(r) == KubeObject.Name(v1) && KubeObject.GetInt64(r, "revision") == 3) ? revisions : null;
        }, "v1's revision renumbered 3");

        static string Controller(JsonObject revision)
        {
            var owner = (JsonObject)((JsonArray)KubeObject.Get(revision, "metadata", "ownerReferences")!)[0]!;
            return $"{KubeObject.GetString(owner, "kind")!.ToLowerInvariant()}.apps/{KubeObject.GetString(owner, "name")}";
        }
    }

    // As kubectl set image does it: a strategic merge patch, which the controller's status writes cannot conflict with.
    private Task<JsonObject> SetImageAsync(string image) =>
        Client.PatchAsync(ResourceRef.DaemonSets, "default", "agent", PatchType.StrategicMerge,
            new JsonObject { ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = image }),
            } } } });

    private async Task<List<JsonObject>> RevisionsAsync() =>
        [.. (await Client.ListAsync(ResourceRef.ControllerRevisions, "default")).Items];

    private Task<List<JsonObject>> WaitForRevisionsAsync(int count) =>
        EventuallyAsync(async () => await RevisionsAsync() is { } revisions && revisions.Count == count ? revisions : null, $"{count} controller revisions");

    private void StartDaemonSets() =>
        StartController(context => DaemonSetController.Props(context, 2), DaemonSetController.ControllerName);

    /// <summary>Plays the kubelets: every daemon pod that appears is reported Running and Ready.</summary>
    private void StartKubelet()
    {
        var token = _stopKubelet.Token;
        _kubelet = Task.Run(async () =>
        {
            while (!token.IsCancellationRequested)
            {
                try
                {
                    foreach (var pod in (await DaemonPodsAsync()).Where(p => !PodStates.Ready(p)))
                    {
                        await MarkReadyAsync(pod);
                    }

                    await Task.Delay(20, token);
                }
                catch (Exception e) when (e is KubeApiException or OperationCanceledException or HttpRequestException)
                {
                }
            }
        });
    }

    private async Task MarkReadyAsync(JsonObject pod)
    {
        var now = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var current = pod.DeepClone().AsObject();
        current["status"] = Json($$"""{"phase":"Running","conditions":[{"type":"Ready","status":"True","lastTransitionTime":"{{now}}"}] }""");
        await Client.UpdateStatusAsync(ResourceRef.Pods, current);
    }

    private async Task<List<JsonObject>> DaemonPodsAsync() =>
        [.. (await Client.ListAsync(ResourceRef.Pods, "default", new ListOptions { LabelSelector = "app=agent" })).Items.Where(p => KubeObject.DeletionTimestamp(p) is null)];

    /// <summary>Waits until the daemon pods are exactly one on each of these nodes; returns them by node.</summary>
    private Task<Dictionary<string, JsonObject>> WaitForPodsOnAsync(params string[] nodes) =>
        EventuallyAsync(async () =>
        {
            var pods = await DaemonPodsAsync();
            var targets = pods.Select(p => DaemonPods.TargetNode(p) ?? "").Order(StringComparer.Ordinal).ToList();
            return targets.SequenceEqual(nodes.Order(StringComparer.Ordinal)) ? pods.ToDictionary(p => DaemonPods.TargetNode(p)!) : null;
        }, $"daemon pods on exactly {string.Join(", ", nodes)}");

    private Task<JsonObject> WaitForStatusAsync(string name, long desired, long current, long ready) =>
        EventuallyAsync(async () =>
        {
            var ds = await Client.GetAsync(ResourceRef.DaemonSets, "default", name);
            return KubeObject.GetInt64(ds, "status", "desiredNumberScheduled") == desired && KubeObject.GetInt64(ds, "status", "currentNumberScheduled") == current
                && KubeObject.GetInt64(ds, "status", "numberReady") == ready && KubeObject.GetInt64(ds, "status", "numberAvailable") == ready
                && KubeObject.GetInt64(ds, "status", "numberMisscheduled") == 0
                && KubeObject.GetInt64(ds, "status", "observedGeneration") == KubeObject.GetInt64(ds, "metadata", "generation") ? ds : null;
        }, $"daemon set {name}: desired {desired}, current {current}, ready {ready}");

    private Task<JsonObject> CreateNodeAsync(string name, string disk, string taints = "[]") =>
        Client.CreateAsync(ResourceRef.Nodes, Json($$"""{"apiVersion":"v1","kind":"Node","metadata":{"name":"{{name}}","labels":{"disk":"{{disk}}"} },"spec":{"taints":{{taints}} } }"""));

    private static JsonObject DaemonSet(string name, string podSpec)
    {
        var ds = Json($$"""
            {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"{{name}}","namespace":"default"},
             "spec":{"selector":{"matchLabels":{"app":"{{name}}"} },"template":{"metadata":{"labels":{"app":"{{name}}"} },
               "spec":{"containers":[{"name":"c","image":"busybox:local"}]} } } }
            """);
        foreach (var (field, value) in Json(podSpec))
        {
            ds["spec"]!["template"]!["spec"]![field] = value!.DeepClone();
        }

        return ds;
    }
}
