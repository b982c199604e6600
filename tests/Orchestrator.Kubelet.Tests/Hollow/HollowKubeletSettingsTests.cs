using Orchestrator.Hocon;
using Orchestrator.Kubelet.Tests.TestSupport;
using Xunit;

namespace Orchestrator.Kubelet.Tests.Hollow;

public class HollowKubeletSettingsTests
{
    [Fact]
    public void Reference_defaults_are_the_kubelets_timings_and_a_modest_node()
    {
        var settings = TestSettings.From();

        Assert.Equal("hollow-node", settings.NamePrefix);
        Assert.Equal("8", settings.Capacity["cpu"]);
        Assert.Equal("32Gi", settings.Capacity["memory"]);
        Assert.Equal("110", settings.Capacity["pods"]);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.LeaseRenewInterval);
        Assert.Equal(TimeSpan.FromSeconds(40), settings.LeaseDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(200), settings.RetryInitial);
        Assert.Equal(TimeSpan.FromSeconds(7), settings.RetryMax);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.NodeStatusUpdateFrequency);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.NodeStatusReportFrequency);
        Assert.Equal("simulated", settings.RuntimeScheme);
    }

    [Fact]
    public void Node_identities_are_loopback_addresses_and_a_slash24_of_the_loopback_pod_range_each()
    {
        var settings = TestSettings.From();

        var first = settings.Identity(0);
        var last = settings.Identity(4999);

        Assert.Equal(("hollow-node-0", "127.1.0.1", "127.128.0.0/24"), (first.Name, first.Address, first.LoopbackPodRange.ToString()));
        Assert.Equal(("hollow-node-4999", "127.1.19.136", "127.147.135.0/24"), (last.Name, last.Address, last.LoopbackPodRange.ToString()));
    }

    [Fact]
    public void Overrides_shrink_timings_and_change_the_node_shape()
    {
        var settings = TestSettings.From("""
            orchestrator.kubelet.node-lease.renew-interval = 200ms
            orchestrator.simulate.name-prefix = sim
            orchestrator.simulate.capacity { cpu = "2", "nvidia.com/gpu" = "1" }
            """);

        Assert.Equal(TimeSpan.FromMilliseconds(200), settings.LeaseRenewInterval);
        Assert.Equal("sim-3", settings.NodeName(3));
        Assert.Equal("2", settings.Capacity["cpu"]);
        Assert.Equal("32Gi", settings.Capacity["memory"]);
        Assert.Equal("1", settings.Capacity["nvidia.com/gpu"]);
    }

    [Theory]
    [InlineData("orchestrator.simulate.capacity.memory = lots")]
    [InlineData("orchestrator.simulate.name-prefix = Not_A_Label")]
    [InlineData("orchestrator.simulate.node-address-range = \"fd00::/64\"")]
    [InlineData("orchestrator.simulate.max-requests-in-flight = 0")]
    [InlineData("orchestrator.kubelet.node-lease.renew-interval = 0s")]
    [InlineData("orchestrator.kubelet.node-lease.duration = 100ms")]
    public void Bad_settings_are_refused_with_their_name(string setting)
    {
        var e = Assert.Throws<ConfigException>(() => TestSettings.From(setting));
        Assert.Contains(setting.Split('=')[0].Trim().Split('.')[^1], e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void There_must_be_room_for_the_nodes_asked_for()
    {
        var small = TestSettings.From("orchestrator.simulate.node-address-range = \"127.1.0.0/29\"");

        small.CheckRoomFor(6);
        Assert.Throws<ConfigException>(() => small.CheckRoomFor(7));
        Assert.Throws<ConfigException>(() => small.CheckRoomFor(0));
        Assert.Throws<ConfigException>(() => TestSettings.From("orchestrator.simulate.name-prefix = " + new string('a', 60)).CheckRoomFor(100_000));
    }
}
