using Xunit;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// <c>orchestrator up</c> and <c>orchestrator simulate --nodes 3</c> as two processes, seen through kubectl 1.32:
/// three Ready nodes with pod ranges from the node IPAM controller, a pod the scheduler binds to one of them runs there
/// with an address of its node's range (a Scheduled event says where), and SIGTERM stops
/// the simulator at once.
/// </summary>
public sealed class SimulateTests : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly ClusterProcess _cluster;

    public SimulateTests(ClusterFixture fixture) => _cluster = fixture.Cluster;

    [Fact]
    public async Task Simulated_nodes_are_Ready_run_a_bound_pod_and_stop_on_SIGTERM()
    {
        var kubectl = new Kubectl(Kubectl.V132, _cluster.AdminConf);
        await using var simulator = SimulatorProcess.Start(_cluster.AdminConf, "--nodes", "3");
        await simulator.WaitForOutputAsync("registered 3 of 3 nodes", Timeout);

        var nodes = (await kubectl.OkAsync("get", "nodes", "--no-headers"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        Assert.Equal(["hollow-node-0", "hollow-node-1", "hollow-node-2"], nodes.Select(n => n[0]));
        Assert.All(nodes, n => Assert.Equal("Ready", n[1]));
        Assert.All(nodes, n => Assert.Equal("v1.32.0", n[4]));
        var leases = await kubectl.OkAsync("get", "leases", "-n", "kube-node-lease", "-o", "jsonpath={range .items[*]}{.spec.holderIdentity} {end}");
        Assert.Equal(["hollow-node-0", "hollow-node-1", "hollow-node-2"], leases.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order());

        // The node IPAM controller gives each node a /24 of 100.64.0.0/12; its pods take their addresses from it.
        var podCidr = await NodePodCidrAsync(kubectl, "hollow-node-1");
        Assert.Matches(@"^100\.(6[4-9]|7[0-9])\.\d+\.0/24$", podCidr);

        // The scheduler in `up` binds it to one of them; that node's hollow kubelet runs it.
        Assert.Contains("pod/web created", await kubectl.OkAsync("run", "web", "--image=busybox:local"), StringComparison.Ordinal);
        await kubectl.OkAsync("wait", "--for=jsonpath={.status.phase}=Running", "pod/web", "--timeout=60s");

        var pod = (await kubectl.OkAsync("get", "pod", "web", "-o", "jsonpath={.status.phase} {.spec.nodeName} {.status.podIP} {.status.hostIP} {.status.containerStatuses[0].ready}")).Split(' ');
        var node = int.Parse(pod[1]["hollow-node-".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(["Running", $"hollow-node-{node}", (await NodePodCidrAsync(kubectl, pod[1]))[..^"0/24".Length] + "2", $"127.1.0.{node + 1}", "true"], pod);
        var scheduled = "";
        for (var attempt = 0; attempt < 50 && scheduled.Length == 0; attempt++)
        {
            // Events are written beside the work, not before it: give it a moment.
            scheduled = await kubectl.OkAsync("get", "events", "--field-selector", "reason=Scheduled", "-o", "jsonpath={.items[*].message}");
            await Task.Delay(scheduled.Length == 0 ? 200 : 0);
        }

        Assert.Equal($"Successfully assigned default/web to hollow-node-{node}", scheduled);

        var stopping = await simulator.TerminateAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, simulator.ExitCode);
        Assert.True(stopping < TimeSpan.FromSeconds(5), $"stopped {stopping.TotalSeconds:F1} s after SIGTERM");
        Assert.Contains("stopped", simulator.Output, StringComparison.Ordinal);

        // The Nodes stay, their Leases left to lapse, as when kubelets die.
        Assert.Equal(3, (await kubectl.OkAsync("get", "nodes", "--no-headers")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    private static async Task<string> NodePodCidrAsync(Kubectl kubectl, string node)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var cidr = await kubectl.OkAsync("get", "node", node, "-o", "jsonpath={.spec.podCIDR}");
            if (cidr.Length > 0 || DateTime.UtcNow > deadline)
            {
                return cidr;
            }

            await Task.Delay(100);
        }
    }
}
