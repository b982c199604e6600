using Orchestrator.Kubelet.Hollow;
using Orchestrator.Kubelet.Network;
using Xunit;

namespace Orchestrator.Kubelet.Tests.Network;

/// <summary>
/// The node's pod network before and after its podCIDR: the kind of network is known at once, the CNI network
/// waits for the podCIDR at the first pod, and a teardown before there is one does not wait for it.
/// </summary>
public sealed class NodePodNetworkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("node-pod-network-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Without_root_pods_share_the_host_network_and_the_node_says_why()
    {
        using var network = new NodePodNetwork(Settings(), _ => Task.FromResult<Ipv4Cidr?>(null), TimeSpan.Zero, isRoot: false);

        Assert.False(network.IsolatesPods);
        Assert.Contains("not running as root", network.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Before_the_node_has_a_pod_cidr_a_set_up_fails_after_the_wait_and_a_teardown_returns_at_once()
    {
        var asked = 0;
        using var network = new NodePodNetwork(
            Settings(), _ => { Interlocked.Increment(ref asked); return Task.FromResult<Ipv4Cidr?>(null); }, TimeSpan.FromMilliseconds(300), isRoot: true);
        var attachment = new PodNetworkAttachment("c1", "/proc/1/ns/net", "default", "p", "uid", []);

        // The plugins here decide IsolatesPods; either way the podCIDR is what set-up waits for when CNI is used.
        if (network.IsolatesPods)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => network.SetUpAsync(attachment, CancellationToken.None));
            Assert.Contains("no spec.podCIDR", failure.Message, StringComparison.Ordinal);
            Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(250), "set-up gave the podCIDR its wait");
            Assert.True(asked > 1);
        }

        var before = asked;
        var teardown = System.Diagnostics.Stopwatch.StartNew();
        await network.TearDownAsync(attachment, CancellationToken.None);
        Assert.True(teardown.Elapsed < TimeSpan.FromMilliseconds(250), "a teardown does not wait for a podCIDR");
        Assert.True(asked - before <= 1);
    }

    private CniSettings Settings() => new()
    {
        ConfDir = Path.Combine(_dir, "net.d"),
        CacheDir = Path.Combine(_dir, "cache"),
        IpamDataDir = Path.Combine(_dir, "networks"),
    };
}
