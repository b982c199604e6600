using Xunit;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// The control plane as a user meets it: <c>orchestrator up</c>, <c>orchestrator simulate --nodes 3</c> and
/// kubectl 1.32. A Deployment gets a ReplicaSet, its pods are spread over the three nodes by the scheduler,
/// Events say what happened, and <c>kubectl rollout status</c> completes — each step done by the cluster's own
/// scheduler and controllers, nothing by the test.
/// </summary>
public sealed class ControlPlaneTourTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private ClusterProcess _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ClusterProcess.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_deployment_gets_a_replicaset_pods_spread_over_the_nodes_events_and_a_completed_rollout()
    {
        var kubectl = new Kubectl(Kubectl.V132, _cluster.AdminConf);
        await using var simulator = SimulatorProcess.Start(_cluster.AdminConf, "--nodes", "3");
        await simulator.WaitForOutputAsync("registered 3 of 3 nodes", Timeout);

        Assert.Contains("deployment.apps/web created",
            await kubectl.OkAsync("create", "deployment", "web", "--image=busybox", "--replicas=3"), StringComparison.Ordinal);
        var rollout = await kubectl.OkAsync("rollout", "status", "deployment/web", "--timeout=90s");
        Assert.Contains("successfully rolled out", rollout, StringComparison.Ordinal);

        // One ReplicaSet named by the template hash, owned by the Deployment, with 3 ready replicas.
        var rs = (await kubectl.OkAsync("get", "rs", "-l", "app=web", "-o",
            "jsonpath={range .items[*]}{.metadata.name} {.metadata.ownerReferences[0].kind} {.status.readyReplicas}{\"\\n\"}{end}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var only = Assert.Single(rs).Split(' ');
        Assert.StartsWith("web-", only[0], StringComparison.Ordinal);
        Assert.Equal(["Deployment", "3"], only[1..]);

        // Three Running pods, one on each node: the default spreading the scheduler does.
        var pods = (await kubectl.OkAsync("get", "pods", "-l", "app=web", "-o",
            "jsonpath={range .items[*]}{.spec.nodeName} {.status.phase}{\"\\n\"}{end}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ')).ToList();
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p => Assert.Equal("Running", p[1]));
        Assert.Equal(["hollow-node-0", "hollow-node-1", "hollow-node-2"], pods.Select(p => p[0]).Order());

        // The Events that explain it, as kubectl shows them.
        var events = await kubectl.OkAsync("get", "events", "-o",
            "jsonpath={range .items[*]}{.reason}/{.involvedObject.kind}/{.source.component}{\"\\n\"}{end}");
        Assert.Contains("ScalingReplicaSet/Deployment/deployment-controller", events, StringComparison.Ordinal);
        Assert.Contains("SuccessfulCreate/ReplicaSet/replicaset-controller", events, StringComparison.Ordinal);
        Assert.Contains("Scheduled/Pod/default-scheduler", events, StringComparison.Ordinal);
        var describe = await kubectl.OkAsync("describe", "deployment", "web");
        Assert.Contains("Scaled up replica set web-", describe, StringComparison.Ordinal);

        // Both components hold their Leases, as `kubectl get lease -n kube-system` shows.
        var leases = await kubectl.OkAsync("get", "lease", "-n", "kube-system", "-o", "jsonpath={range .items[*]}{.metadata.name} {end}");
        Assert.Contains("kube-scheduler", leases, StringComparison.Ordinal);
        Assert.Contains("kube-controller-manager", leases, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_scheduler_explains_a_pending_pod_node_by_node_and_a_bound_one_through_the_api()
    {
        var kubectl = new Kubectl(Kubectl.V132, _cluster.AdminConf);
        await using var simulator = SimulatorProcess.Start(_cluster.AdminConf, "--nodes", "2");
        await simulator.WaitForOutputAsync("registered 2 of 2 nodes", Timeout);
        await kubectl.OkAsync("run", "small", "--image=busybox");
        await kubectl.OkAsync("run", "huge", "--image=busybox", "--overrides",
            """{"spec":{"containers":[{"name":"huge","image":"busybox","resources":{"requests":{"cpu":"1000"}}}]}}""");
        await kubectl.OkAsync("wait", "pod/small", "--for=jsonpath={.status.phase}=Running", "--timeout=60s");

        var bound = System.Text.Json.Nodes.JsonNode.Parse(await kubectl.OkAsync("get", "--raw", "/debug/scheduler/explain/default/small"))!;
        Assert.Equal("Bound", bound["state"]!.GetValue<string>());
        Assert.StartsWith("hollow-node-", bound["node"]!.GetValue<string>(), StringComparison.Ordinal);

        // The pending pod: every node examined, each failing NodeResourcesFit, and Kubernetes' summary.
        var pending = System.Text.Json.Nodes.JsonNode.Parse(await kubectl.OkAsync("get", "--raw", "/debug/scheduler/explain/default/huge"))!;
        Assert.Equal("Pending", pending["state"]!.GetValue<string>());
        Assert.Contains("0/2 nodes are available: 2 Insufficient cpu", pending["failureMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        var nodes = pending["nodes"]!.AsArray();
        Assert.Equal(["hollow-node-0", "hollow-node-1"], nodes.Select(n => n!["node"]!.GetValue<string>()).Order());
        Assert.All(nodes, n => Assert.Equal((false, "NodeResourcesFit"), (n!["fits"]!.GetValue<bool>(), n["plugin"]!.GetValue<string>())));
        var table = await kubectl.OkAsync("get", "--raw", "/debug/scheduler/explain/default/huge?format=text");
        Assert.Contains("hollow-node-1", table, StringComparison.Ordinal);

        var missing = await kubectl.RunAsync("get", "--raw", "/debug/scheduler/explain/default/nobody");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("NotFound", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_daemonset_keeps_its_history_for_kubectl_rollout_history_and_undo()
    {
        var kubectl = new Kubectl(Kubectl.V132, _cluster.AdminConf);
        await using var simulator = SimulatorProcess.Start(_cluster.AdminConf, "--nodes", "2");
        await simulator.WaitForOutputAsync("registered 2 of 2 nodes", Timeout);
        var manifest = Path.Combine(Path.GetDirectoryName(_cluster.AdminConf)!, "agent.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent}
            spec:
              selector: {matchLabels: {app: agent}}
              template:
                metadata: {labels: {app: agent}}
                spec: {containers: [{name: agent, image: busybox:v1}]}
            """);
        await kubectl.OkAsync("apply", "-f", manifest);
        await kubectl.OkAsync("rollout", "status", "ds/agent", "--timeout=60s");
        await kubectl.OkAsync("set", "image", "ds/agent", "agent=busybox:v2");
        await kubectl.OkAsync("rollout", "status", "ds/agent", "--timeout=60s");

        var history = await kubectl.OkAsync("rollout", "history", "ds/agent");
        Assert.Matches(@"(?m)^1\s", history);
        Assert.Matches(@"(?m)^2\s", history);
        Assert.Contains("daemonset.apps/agent", await kubectl.OkAsync("get", "controllerrevisions"), StringComparison.Ordinal);

        Assert.Contains("rolled back", await kubectl.OkAsync("rollout", "undo", "ds/agent"), StringComparison.Ordinal);
        await kubectl.OkAsync("rollout", "status", "ds/agent", "--timeout=60s");
        Assert.Equal("busybox:v1", await kubectl.OkAsync("get", "ds", "agent", "-o", "jsonpath={.spec.template.spec.containers[0].image}"));
        Assert.Matches(@"(?m)^3\s", await kubectl.OkAsync("rollout", "history", "ds/agent"));
    }
}
