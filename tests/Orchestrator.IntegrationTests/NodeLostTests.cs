using Xunit;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// A node lost for real: its simulator is killed with kill -9, so its Lease stops. With the node lifecycle
/// controller's timings shrunk, the node goes Unknown and gets the unreachable NoExecute taint, its pods are
/// evicted once their toleration runs out, and the Deployment's pods are recreated on the nodes that are left.
/// When heartbeats return, the taint goes away and the evicted pods, no longer held by a silent kubelet, go too.
/// </summary>
public sealed class NodeLostTests : IAsyncLifetime
{
    private const string ShrunkTimings = """
        orchestrator.controllers.node-lifecycle {
          node-monitor-period = 1s
          node-monitor-grace-period = 4s
          node-startup-grace-period = 4s
          node-eviction-rate = 10
        }
        orchestrator.api.admission {
          default-not-ready-toleration = 2s
          default-unreachable-toleration = 2s
        }
        """;

    // The simulated kubelets renew their Leases well within the shrunk grace period.
    private const string FastLeases = "orchestrator.kubelet.node-lease.renew-interval = 1s\n";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private ClusterProcess _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ClusterProcess.StartAsync(ShrunkTimings);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_node_whose_lease_stops_is_tainted_its_pods_evicted_and_recreated_elsewhere_and_it_recovers()
    {
        var kubectl = new Kubectl(Kubectl.V132, _cluster.AdminConf);
        var fastLeases = Path.Combine(Path.GetDirectoryName(_cluster.AdminConf)!, "fast-leases.conf");
        await File.WriteAllTextAsync(fastLeases, FastLeases);
        var doomedConfig = Path.Combine(Path.GetDirectoryName(_cluster.AdminConf)!, "doomed.conf");
        await File.WriteAllTextAsync(doomedConfig, FastLeases + "orchestrator.simulate.node-address-range = \"127.2.0.0/16\"\n");
        await using var survivors = SimulatorProcess.Start(_cluster.AdminConf, "--nodes", "2", "--name-prefix", "survivor", "--config", fastLeases);
        var doomed = SimulatorProcess.Start(_cluster.AdminConf, "--nodes", "1", "--name-prefix", "doomed", "--config", doomedConfig);
        try
        {
            await survivors.WaitForOutputAsync("registered 2 of 2 nodes", Timeout);
            await doomed.WaitForOutputAsync("registered 1 of 1 nodes", Timeout);

            await kubectl.OkAsync("create", "deployment", "web", "--image=busybox", "--replicas=6");
            await kubectl.OkAsync("rollout", "status", "deployment/web", "--timeout=90s");
            var onDoomed = await PodsOnAsync(kubectl, "doomed-0");
            Assert.NotEmpty(onDoomed);

            await doomed.KillAsync();

            // Unknown and tainted unreachable once the grace period passes without a heartbeat.
            await kubectl.OkAsync("wait", "node/doomed-0", "--for=condition=Ready=Unknown", "--timeout=60s");
            await WaitUntilAsync(async () => (await kubectl.OkAsync("get", "node", "doomed-0", "-o", "jsonpath={.spec.taints[*].key}"))
                .Contains("node.kubernetes.io/unreachable", StringComparison.Ordinal), "the unreachable taint");

            // Its pods are evicted (terminating, as nobody on the lost node confirms) and replaced on the survivors.
            await WaitUntilAsync(async () =>
            {
                var lines = await PodLinesAsync(kubectl);
                var live = lines.Where(l => l[2].Length == 0).ToList();
                return onDoomed.All(name => lines.Any(l => l[0] == name && l[2].Length > 0))
                    && live.Count == 6 && live.All(l => l[1].StartsWith("survivor-", StringComparison.Ordinal));
            }, "the lost node's pods evicted and six live pods on the survivors");
            await kubectl.OkAsync("rollout", "status", "deployment/web", "--timeout=60s");
        }
        finally
        {
            await doomed.DisposeAsync();
        }

        // The node comes back: Ready again, untainted, and its kubelet finishes the evicted pods.
        await using var back = SimulatorProcess.Start(_cluster.AdminConf, "--nodes", "1", "--name-prefix", "doomed", "--config", doomedConfig);
        await kubectl.OkAsync("wait", "node/doomed-0", "--for=condition=Ready=True", "--timeout=60s");
        await WaitUntilAsync(async () => !(await kubectl.OkAsync("get", "node", "doomed-0", "-o", "jsonpath={.spec.taints[*].key}"))
            .Contains("node.kubernetes.io/unreachable", StringComparison.Ordinal), "the taint removed");
        await WaitUntilAsync(async () => (await PodLinesAsync(kubectl)).All(l => l[2].Length == 0), "the evicted pods gone");
    }

    private static async Task<List<string>> PodsOnAsync(Kubectl kubectl, string node) =>
        [.. (await PodLinesAsync(kubectl)).Where(l => l[1] == node).Select(l => l[0])];

    /// <summary>name, node, deletionTimestamp (empty when live) of every web pod.</summary>
    private static async Task<List<string[]>> PodLinesAsync(Kubectl kubectl) =>
        [.. (await kubectl.OkAsync("get", "pods", "-l", "app=web", "-o",
                "jsonpath={range .items[*]}{.metadata.name},{.spec.nodeName},{.metadata.deletionTimestamp}{\"\\n\"}{end}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(','))];

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(500);
        }
    }
}
