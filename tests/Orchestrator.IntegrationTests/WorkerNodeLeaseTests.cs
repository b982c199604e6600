using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// The node's heartbeat while the API is down: a real <c>orchestrator kubelet</c> process (node <c>it-worker-lease</c>)
/// keeps trying to renew its Lease with the back-off (shrunk here to 200 ms doubling to 2 s), and once the real API
/// (<c>orchestrator up</c>, stopped and started again) is back the node renews and stays Ready, past a node monitor
/// grace period shrunk to 10 s.
/// </summary>
public sealed partial class WorkerNodeLeaseTests : IAsyncLifetime
{
    private const string Node = "it-worker-lease";
    private ClusterProcess? _cluster;
    private KubeletProcess? _kubelet;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_kubelet is not null)
        {
            await _kubelet.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task While_the_API_is_down_the_lease_is_retried_with_back_off_and_the_node_stays_ready_after_it_returns()
    {
        _cluster = await ClusterProcess.StartAsync("""
            orchestrator.controllers.node-lifecycle.node-monitor-grace-period = 10s
            orchestrator.controllers.node-ipam.cluster-cidr = "100.76.0.0/16"
            """);
        _kubelet = await KubeletProcess.StartAsync(_cluster.AdminConf, Node, """
            orchestrator.kubelet.runtime = process
            orchestrator.kubelet.node-lease.renew-interval = 1s
            orchestrator.kubelet.node-lease.retry-backoff.initial = 200ms
            orchestrator.kubelet.node-lease.retry-backoff.max = 2s
            orchestrator.kubelet.shutdown-grace-period = 2s
            orchestrator.kubelet.shutdown-grace-period-critical-pods = 1s
            orchestrator.kubelet.cni.bridge = orchitw2
            """);
        var kubectl = new Kubectl(Kubectl.V132, _cluster.AdminConf);
        for (var attempt = 0; (await kubectl.RunAsync("get", "node", Node)).ExitCode != 0; attempt++)
        {
            Assert.True(attempt < 100 && !_kubelet.HasExited, "the kubelet did not register:\n" + _kubelet.Output);
            await Task.Delay(200);
        }

        await kubectl.OkAsync("wait", $"node/{Node}", "--for=condition=Ready", "--timeout=60s");
        var readySince = await kubectl.OkAsync("get", "node", Node, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].lastTransitionTime}");

        // The API goes away for 8 s (and the time its restart takes).
        var down = DateTime.UtcNow;
        await _cluster.RestartAfterAsync(TimeSpan.FromSeconds(8));
        var back = DateTime.UtcNow;

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!_kubelet.Lines.Any(l => l.At > back && l.Line.Contains("renewed its lease again", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the lease was not renewed after the API came back:\n" + _kubelet.Output);
            await Task.Delay(100);
        }

        // Each failed attempt waited twice as long as the one before, from 200 ms up to the 2 s maximum.
        // Each attempt's time is the one its log line carries (taken when it was logged), not when the test read the
        // line: reading the child's output lags by a varying amount on a loaded machine.
        var retries = _kubelet.Lines.Where(l => l.At > down).Select(l => RetryLine().Match(l.Line)).Where(m => m.Success)
            .Select(m => (
                Attempt: int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
                Delay: TimeSpan.FromMilliseconds(double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)),
                At: TimeSpan.ParseExact(m.Groups[1].Value, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture))).ToList();
        Assert.True(retries.Count >= 6, "too few retries:\n" + _kubelet.Output);
        Assert.Equal(Enumerable.Range(1, retries.Count), retries.Select(r => r.Attempt));
        Assert.Equal([200, 400, 800, 1600, 2000, 2000], retries.Take(6).Select(r => r.Delay.TotalMilliseconds));
        Assert.All(retries.Skip(6), r => Assert.Equal(TimeSpan.FromSeconds(2), r.Delay));
        for (var i = 1; i < retries.Count; i++)
        {
            // The next attempt comes after the announced delay (give or take the log's own latency), not before.
            var gap = retries[i].At - retries[i - 1].At;
            Assert.True(gap >= retries[i - 1].Delay - TimeSpan.FromMilliseconds(100) && gap <= retries[i - 1].Delay + TimeSpan.FromSeconds(2),
                $"attempt {retries[i].Attempt} came {gap.TotalMilliseconds:0} ms after the one before, which said {retries[i - 1].Delay.TotalMilliseconds} ms");
        }

        // Past the (shrunk) node monitor grace period after the API's return, the node is Ready and never left it.
        await Task.Delay(TimeSpan.FromSeconds(12));
        Assert.Equal("True", await kubectl.OkAsync("get", "node", Node, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}"));
        Assert.Equal(readySince, await kubectl.OkAsync("get", "node", Node, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].lastTransitionTime}"));
        var renewed = DateTime.Parse(await kubectl.OkAsync("get", "lease", "-n", "kube-node-lease", Node, "-o", "jsonpath={.spec.renewTime}"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        Assert.True(renewed > back.AddSeconds(5), $"the lease was last renewed at {renewed:O}, the API came back at {back:O}");
        Assert.DoesNotContain("node.kubernetes.io/unreachable", await kubectl.OkAsync("get", "node", Node, "-o", "jsonpath={.spec.taints}"), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(\d\d:\d\d:\d\d\.\d{3}) .*could not renew its lease \(attempt (\d+):.*will retry in (\d+)ms")]
    private static partial Regex RetryLine();
}
