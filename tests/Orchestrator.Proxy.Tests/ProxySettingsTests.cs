using Orchestrator.Hocon;
using Xunit;

namespace Orchestrator.Proxy.Tests;

public sealed class ProxySettingsTests
{
    [Fact]
    public void ReferenceDefaults()
    {
        var settings = ProxySettings.FromConfig(ReferenceConfig.Load());
        Assert.True(settings.Enabled);
        Assert.Equal("", settings.NodeName);
        Assert.Empty(settings.NodeAddresses);
        Assert.Equal("orch-svc0", settings.ServiceAddressInterface);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.UdpIdleTimeout);
        Assert.Equal(16 * 1024, settings.BufferSize);
    }

    [Fact]
    public void NodeAddressesAreParsedAndBadOnesRefused()
    {
        var settings = ProxySettings.FromConfig(Config.ParseString("orchestrator.proxy.node-addresses = \"127.0.0.2, 127.0.0.3\"").WithFallback(ReferenceConfig.Load()));
        Assert.Equal(["127.0.0.2", "127.0.0.3"], settings.NodeAddresses.Select(a => a.ToString()));
        Assert.Throws<ConfigException>(() => ProxySettings.FromConfig(Config.ParseString("orchestrator.proxy.node-addresses = nope").WithFallback(ReferenceConfig.Load())));
    }
}
