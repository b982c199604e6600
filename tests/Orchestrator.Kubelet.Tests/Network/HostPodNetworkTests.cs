using Orchestrator.Kubelet.Hollow;
using Orchestrator.Kubelet.Network;
using Xunit;

namespace Orchestrator.Kubelet.Tests.Network;

/// <summary>The host-network fallback: distinct loopback addresses per pod, freed on teardown, and the chooser's reasons.</summary>
public sealed class HostPodNetworkTests
{
    [Fact]
    public async Task Each_pod_gets_its_own_loopback_address_freed_on_teardown()
    {
        var network = new HostPodNetwork(Ipv4Cidr.Parse("127.100.0.0/16"));
        var a = await network.SetUpAsync(CniTestNode.Attachment("a", ""), CancellationToken.None);
        var b = await network.SetUpAsync(CniTestNode.Attachment("b", ""), CancellationToken.None);
        var again = await network.SetUpAsync(CniTestNode.Attachment("a", ""), CancellationToken.None);

        Assert.False(network.IsolatesPods);
        Assert.NotEqual(a.Ip, b.Ip);
        Assert.Equal(a.Ip, again.Ip);
        Assert.All(new[] { a.Ip, b.Ip }, ip => Assert.StartsWith("127.100.", ip, StringComparison.Ordinal));
        Assert.Equal(2, network.InUse);

        await network.TearDownAsync(CniTestNode.Attachment("a", ""), CancellationToken.None);
        await network.TearDownAsync(CniTestNode.Attachment("a", ""), CancellationToken.None);

        Assert.Equal(1, network.InUse);
        await Assert.ThrowsAsync<InvalidOperationException>(() => network.CheckAsync(CniTestNode.Attachment("a", ""), CancellationToken.None));
        await network.CheckAsync(CniTestNode.Attachment("b", ""), CancellationToken.None);
    }

    [Fact]
    public async Task A_pod_binds_its_loopback_address()
    {
        var network = new HostPodNetwork(Ipv4Cidr.Parse("127.100.0.0/16"));
        var result = await network.SetUpAsync(CniTestNode.Attachment("bind", ""), CancellationToken.None);
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Parse(result.Ip), 0);

        listener.Start();

        Assert.Equal(result.Ip, ((System.Net.IPEndPoint)listener.LocalEndpoint).Address.ToString());
    }

    [Fact]
    public async Task A_full_range_says_so_and_adopted_addresses_are_not_handed_out_twice()
    {
        var network = new HostPodNetwork(Ipv4Cidr.Parse("127.100.0.0/30"));
        network.Adopt("old", "127.100.0.1");
        var fresh = await network.SetUpAsync(CniTestNode.Attachment("new", ""), CancellationToken.None);

        Assert.Equal("127.100.0.2", fresh.Ip);
        await Assert.ThrowsAsync<InvalidOperationException>(() => network.SetUpAsync(CniTestNode.Attachment("third", ""), CancellationToken.None));
    }

    [Fact]
    public void The_chooser_falls_back_without_root_or_plugins_and_says_why()
    {
        var settings = new CniSettings { ConfDir = "/nonexistent/net.d", CacheDir = "/nonexistent/cache", IpamDataDir = "/nonexistent/networks" };
        var range = Ipv4Cidr.Parse("127.100.0.0/16");

        var notRoot = PodNetworkFactory.Choose(settings, Ipv4Cidr.Parse("100.77.13.0/24"), range, isRoot: false);
        var noPlugins = PodNetworkFactory.Choose(settings with { BinDir = "/nonexistent/bin" }, Ipv4Cidr.Parse("100.77.13.0/24"), range, isRoot: true);
        var noCidr = PodNetworkFactory.Choose(settings, null, range, isRoot: true);
        var cni = PodNetworkFactory.Choose(settings, Ipv4Cidr.Parse("100.77.13.0/24"), range, isRoot: true);

        Assert.IsType<HostPodNetwork>(notRoot.Network);
        Assert.Contains("not running as root", notRoot.FallbackReason, StringComparison.Ordinal);
        Assert.IsType<HostPodNetwork>(noPlugins.Network);
        Assert.Contains("containernetworking-plugins", noPlugins.FallbackReason, StringComparison.Ordinal);
        Assert.Contains("podCIDR", noCidr.FallbackReason, StringComparison.Ordinal);
        Assert.IsType<CniPodNetwork>(cni.Network);
        Assert.Null(cni.FallbackReason);
        ((IDisposable)cni.Network).Dispose();
    }
}
