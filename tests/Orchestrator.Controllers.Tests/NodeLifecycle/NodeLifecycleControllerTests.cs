using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Client;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Controllers.NodeLifecycle;
using Orchestrator.Controllers.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Controllers.Tests.NodeLifecycle;

/// <summary>
/// The node lifecycle and taint eviction controllers against a real gateway, with shrunk timings: nodes whose
/// Lease stops go Unknown, get the unreachable taints one at a time at the eviction rate, their pods are
/// marked not ready and evicted as their tolerations allow; heartbeats back remove the taints; with every
/// node down nothing is evicted.
/// </summary>
public sealed class NodeLifecycleControllerTests(ITestOutputHelper output) : GatewayControllerTest("node-lifecycle", output)
{
    private static readonly NodeLifecycleSettings Shrunk = new()
    {
        NodeMonitorPeriod = TimeSpan.FromMilliseconds(100),
        // Heartbeats come every 200 ms: room for a busy machine.
        NodeMonitorGracePeriod = TimeSpan.FromSeconds(2),
        NodeStartupGracePeriod = TimeSpan.FromSeconds(2),
        NodeEvictionPeriod = TimeSpan.FromMilliseconds(50),
        NodeEvictionRate = 0.5,
    };

    private readonly ConcurrentDictionary<string, bool> _alive = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopHeartbeats = new();
    private Task _heartbeats = Task.CompletedTask;

    public override async Task DisposeAsync()
    {
        await _stopHeartbeats.CancelAsync();
        await _heartbeats;
        _stopHeartbeats.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public void The_reference_settings_are_the_Kubernetes_defaults()
    {
        var settings = NodeLifecycleSettings.FromConfig(ControllerManagerSettings.FromConfig(GatewaySystem.Config()).Controllers.GetConfig("node-lifecycle"));

        Assert.Equal(new NodeLifecycleSettings(), settings);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.NodeMonitorPeriod);
        Assert.Equal(TimeSpan.FromSeconds(50), settings.NodeMonitorGracePeriod);
        Assert.Equal(0.1, settings.NodeEvictionRate);
        Assert.Equal(0.01, settings.SecondaryNodeEvictionRate);
        Assert.Equal(0.55, settings.UnhealthyZoneThreshold);
        Assert.Equal(50, settings.LargeClusterSizeThreshold);
    }

    [Fact]
    public async Task Silent_nodes_go_Unknown_are_tainted_at_the_eviction_rate_lose_their_pods_and_recover_when_heartbeats_return()
    {
        foreach (var name in (string[])["node-a", "node-b", "node-c", "node-d"])
        {
            await CreateNodeAsync(name);
        }

        await CreateRunningPodAsync("evicted-c", "node-c", """[{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":1}]""");
        await CreateRunningPodAsync("evicted-d", "node-d", """[{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":1}]""");
        await CreateRunningPodAsync("staying-c", "node-c", """[{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute"}]""");
        await CreateRunningPodAsync("healthy-a", "node-a", "[]");
        StartHeartbeats();
        StartControllers();
        await Task.Delay(1500);
        Assert.All(await NodesAsync(), n => Assert.Empty(NodeTaints.Of(n)));

        // node-c and node-d fall silent.
        _alive["node-c"] = false;
        _alive["node-d"] = false;
        var tainted = new Dictionary<string, DateTime>();
        await EventuallyAsync(async () =>
        {
            foreach (var node in await NodesAsync())
            {
                if (NodeTaints.Has(node, NodeTaints.Unreachable, NodeTaints.NoExecute))
                {
                    tainted.TryAdd(KubeObject.Name(node)!, DateTime.UtcNow);
                }
            }

            return tainted.Count == 2;
        }, "both silent nodes to be tainted unreachable:NoExecute");

        // One node at a time: 0.5 nodes/s is one every 2 s.
        var gap = (tainted.Values.Max() - tainted.Values.Min()).TotalSeconds;
        Assert.True(gap >= 1.5, $"the second node was tainted {gap:F2} s after the first");

        foreach (var name in (string[])["node-c", "node-d"])
        {
            var node = await Client.GetAsync(ResourceRef.Nodes, null, name);
            foreach (var type in (string[])["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"])
            {
                var condition = NodeConditions.Get(node, type)!;
                Assert.Equal("Unknown", KubeObject.GetString(condition, "status"));
                Assert.Equal("NodeStatusUnknown", KubeObject.GetString(condition, "reason"));
                Assert.Equal("Kubelet stopped posting node status.", KubeObject.GetString(condition, "message"));
            }

            Assert.True(NodeTaints.Has(node, NodeTaints.Unreachable, NodeTaints.NoSchedule), $"{name} lacks the unreachable:NoSchedule taint");
        }

        // Pods that tolerate the taint for a second are evicted; the one that tolerates it forever stays, not ready.
        foreach (var pod in (string[])["evicted-c", "evicted-d"])
        {
            await EventuallyAsync(async () => KubeObject.DeletionTimestamp(await Client.GetAsync(ResourceRef.Pods, "default", pod)) is not null, $"{pod} to be evicted");
            var evicted = await Client.GetAsync(ResourceRef.Pods, "default", pod);
            Assert.Equal("DeletionByTaintManager", KubeObject.GetString(PodCondition(evicted, "DisruptionTarget")!, "reason"));
        }

        var staying = await Client.GetAsync(ResourceRef.Pods, "default", "staying-c");
        Assert.Null(KubeObject.DeletionTimestamp(staying));
        Assert.Equal("False", KubeObject.GetString(PodCondition(staying, "Ready")!, "status"));
        var healthy = await Client.GetAsync(ResourceRef.Pods, "default", "healthy-a");
        Assert.Equal("True", KubeObject.GetString(PodCondition(healthy, "Ready")!, "status"));
        Assert.Empty(NodeTaints.Of(await Client.GetAsync(ResourceRef.Nodes, null, "node-a")));
        var events = await Client.ListAsync(ResourceRef.Events, "default");
        Assert.Contains(events.Items, e => KubeObject.GetString(e, "reason") == "TaintManagerEviction" && KubeObject.GetString(e, "involvedObject", "name") == "evicted-c");

        // node-c's kubelet is back: it renews its Lease and posts Ready again; every taint goes.
        _alive["node-c"] = true;
        await PostReadyAsync("node-c");
        await EventuallyAsync(async () => NodeTaints.Of(await Client.GetAsync(ResourceRef.Nodes, null, "node-c")).Count == 0, "node-c's taints to be removed");
        Assert.True(NodeTaints.Has(await Client.GetAsync(ResourceRef.Nodes, null, "node-d"), NodeTaints.Unreachable, NodeTaints.NoExecute));
    }

    [Fact]
    public async Task With_every_node_down_the_NoExecute_taints_go_and_nothing_is_evicted()
    {
        await CreateNodeAsync("node-a");
        await CreateNodeAsync("node-b");
        await CreateRunningPodAsync("intolerant", "node-a", """[{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":0}]""");
        StartHeartbeats();
        StartControllers();
        await Task.Delay(1500);

        // One node of two down: an ordinary failure, tainted as usual.
        _alive["node-b"] = false;
        await EventuallyAsync(async () => NodeTaints.Has(await Client.GetAsync(ResourceRef.Nodes, null, "node-b"), NodeTaints.Unreachable, NodeTaints.NoExecute), "node-b to be tainted unreachable:NoExecute");

        // The last one down too: more likely the controller's network than every node, so no eviction at all.
        _alive["node-a"] = false;
        await EventuallyAsync(async () => (await NodesAsync()).All(n => NodeConditions.Status(n, "Ready") == "Unknown" && !NodeTaints.Has(n, NodeTaints.Unreachable, NodeTaints.NoExecute)),
            "both nodes Unknown without the NoExecute taint");
        Assert.All(await NodesAsync(), n => Assert.True(NodeTaints.Has(n, NodeTaints.Unreachable, NodeTaints.NoSchedule)));

        // For many eviction periods: no NoExecute taint, so the pod that tolerates none stays.
        await Task.Delay(2000);
        Assert.All(await NodesAsync(), n => Assert.False(NodeTaints.Has(n, NodeTaints.Unreachable, NodeTaints.NoExecute)));
        Assert.Null(KubeObject.DeletionTimestamp(await Client.GetAsync(ResourceRef.Pods, "default", "intolerant")));
    }

    private void StartControllers()
    {
        StartController(context => NodeLifecycleController.Props(context, Shrunk), NodeLifecycleController.ControllerName);
        StartController(TaintEvictionController.Props, TaintEvictionController.ControllerName);
    }

    /// <summary>Renews the Lease of every live node every 200 ms, as kubelets would.</summary>
    private void StartHeartbeats()
    {
        var token = _stopHeartbeats.Token;
        _heartbeats = Task.Run(async () =>
        {
            while (!token.IsCancellationRequested)
            {
                foreach (var (name, alive) in _alive)
                {
                    if (!alive)
                    {
                        continue;
                    }

                    try
                    {
                        var lease = await Client.GetAsync(ResourceRef.Leases, NodeLifecycleController.LeaseNamespace, name, token);
                        lease["spec"]!["renewTime"] = MicroTime(DateTimeOffset.UtcNow);
                        await Client.UpdateAsync(ResourceRef.Leases, lease, token);
                    }
                    catch (Exception e) when (e is KubeApiException or OperationCanceledException or HttpRequestException)
                    {
                    }
                }

                try
                {
                    await Task.Delay(200, token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
    }

    private async Task CreateNodeAsync(string name)
    {
        await Client.CreateAsync(ResourceRef.Nodes, Json($$"""{"apiVersion":"v1","kind":"Node","metadata":{"name":"{{name}}"},"spec":{} }"""));
        await PostReadyAsync(name);
        await Client.CreateAsync(ResourceRef.Leases, Json($$"""
            {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"{{name}}","namespace":"kube-node-lease"},
             "spec":{"holderIdentity":"{{name}}","leaseDurationSeconds":40,"renewTime":"{{MicroTime(DateTimeOffset.UtcNow)}}"} }
            """));
        _alive[name] = true;
    }

    /// <summary>What a kubelet posts: its conditions, Ready=True, heartbeat now.</summary>
    private async Task PostReadyAsync(string name)
    {
        var node = await Client.GetAsync(ResourceRef.Nodes, null, name);
        var now = Time(DateTimeOffset.UtcNow);
        var conditions = new JsonArray();
        foreach (var (type, status) in (ReadOnlySpan<(string, string)>)[("MemoryPressure", "False"), ("DiskPressure", "False"), ("PIDPressure", "False"), ("Ready", "True")])
        {
            conditions.Add(new JsonObject { ["type"] = type, ["status"] = status, ["lastHeartbeatTime"] = now, ["lastTransitionTime"] = now, ["reason"] = "Kubelet", ["message"] = "kubelet" });
        }

        KubeObject.EnsureObject(node, "status")["conditions"] = conditions;
        await Client.UpdateStatusAsync(ResourceRef.Nodes, node);
    }

    private async Task CreateRunningPodAsync(string name, string nodeName, string tolerations)
    {
        await Client.CreateAsync(ResourceRef.Pods, Json($$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{name}}","namespace":"default"},
             "spec":{"containers":[{"name":"c","image":"busybox:local"}],"tolerations":{{tolerations}} } }
            """));
        await Client.CreateSubresourceAsync(ResourceRef.Pods, "default", name, "binding", Json($$"""{"apiVersion":"v1","kind":"Binding","metadata":{"name":"{{name}}"},"target":{"kind":"Node","name":"{{nodeName}}"} }"""));
        var pod = await Client.GetAsync(ResourceRef.Pods, "default", name);
        var now = Time(DateTimeOffset.UtcNow);
        pod["status"] = Json($$"""{"phase":"Running","conditions":[{"type":"Ready","status":"True","lastTransitionTime":"{{now}}"}]}""");
        await Client.UpdateStatusAsync(ResourceRef.Pods, pod);
    }

    private async Task<IReadOnlyList<JsonObject>> NodesAsync() => (await Client.ListAsync(ResourceRef.Nodes)).Items;

    private static JsonObject? PodCondition(JsonObject pod, string type) =>
        (KubeObject.Get(pod, "status", "conditions") as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => KubeObject.GetString(c, "type") == type);

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string MicroTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
