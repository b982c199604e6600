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
}
