using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// A Deployment end to end: <c>orchestrator up</c> (whose controller manager runs the Deployment and ReplicaSet
/// controllers), <c>orchestrator simulate --nodes 3</c> as the kubelets, and kubectl 1.32 creating the Deployment
/// and waiting for its rollout.
/// </summary>
public sealed class DeploymentRolloutTests : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly ClusterProcess _cluster;

    public DeploymentRolloutTests(ClusterFixture fixture) => _cluster = fixture.Cluster;

    [Fact]
    public async Task Kubectl_create_deployment_rolls_out_three_ready_pods_through_a_replica_set()
    {
        var kubectl = new Kubectl(Kubectl.V132, _cluster.AdminConf);
        await using var simulator = SimulatorProcess.Start(_cluster.AdminConf, "--nodes", "3");
        await simulator.WaitForOutputAsync("registered 3 of 3 nodes", Timeout);

        Assert.Contains("deployment.apps/web created", await kubectl.OkAsync("create", "deployment", "web", "--image=busybox", "--replicas=3"), StringComparison.Ordinal);

        // Pods are bound by the scheduler; until it runs in `orchestrator up`, the test binds them itself, round robin.
        // Whichever binds a pod first wins (the other gets 409 Conflict), so the test holds with the scheduler too.
        using var binding = new CancellationTokenSource();
        var binder = BindPendingPodsAsync(binding.Token);
        try
        {
            var status = await kubectl.OkAsync("rollout", "status", "deployment/web", "--timeout=60s");
            Assert.Contains("deployment \"web\" successfully rolled out", status, StringComparison.Ordinal);
        }
        finally
        {
            await binding.CancelAsync();
            await binder;
        }

        var replicaSets = (await kubectl.OkAsync("get", "replicasets", "-l", "app=web", "-o", "jsonpath={range .items[*]}{.metadata.name} {.spec.replicas} {.status.readyReplicas}{\"\\n\"}{end}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var rs = Assert.Single(replicaSets).Split(' ');
        Assert.Matches("^web-[bcdfghjklmnpqrstvwxz2456789]+$", rs[0]);
        Assert.Equal(["3", "3"], rs[1..]);

        var pods = (await kubectl.OkAsync("get", "pods", "-l", "app=web", "-o", "jsonpath={range .items[*]}{.metadata.ownerReferences[0].name} {.status.phase} {.spec.nodeName}{\"\\n\"}{end}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ')).ToList();
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p => Assert.Equal(rs[0], p[0]));
        Assert.All(pods, p => Assert.Equal("Running", p[1]));
        Assert.All(pods, p => Assert.StartsWith("hollow-node-", p[2], StringComparison.Ordinal));

        var deployment = await kubectl.OkAsync("get", "deployment", "web", "-o", "jsonpath={.status.availableReplicas} {.metadata.annotations.deployment\\.kubernetes\\.io/revision}");
        Assert.Equal("3 1", deployment);
    }

    private async Task BindPendingPodsAsync(CancellationToken cancellationToken)
    {
        var next = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var (_, list) = await _cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb");
            foreach (var pod in (list?["items"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (pod["spec"]?["nodeName"] is not null || pod["metadata"]?["deletionTimestamp"] is not null)
                {
                    continue;
                }

                var name = pod["metadata"]!["name"]!.GetValue<string>();
                var (status, body) = await _cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/default/pods/{name}/binding",
                    $$"""{"apiVersion":"v1","kind":"Binding","metadata":{"name":"{{name}}"},"target":{"apiVersion":"v1","kind":"Node","name":"hollow-node-{{next++ % 3}}"} }""");
                Assert.True(status is HttpStatusCode.Created or HttpStatusCode.Conflict, $"binding {name}: {status} {body}");
            }

            try
            {
                await Task.Delay(200, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
