using Orchestrator.Hocon;
using Orchestrator.Kubelet.Network;
using Orchestrator.Kubelet.Runtime.Process;
using Xunit;

namespace Orchestrator.Kubelet.Tests.Network;

/// <summary>The CNI and process-runtime settings as reference.conf defines them, and a test's overrides.</summary>
public sealed class CniSettingsTests
{
    private static Config Load(string overrides = "") =>
        Config.ParseString(overrides, new HoconParseOptions { Fallback = ReferenceConfig.Load() });

    [Fact]
    public void Empty_directories_default_under_the_data_dir()
    {
        var settings = CniSettings.FromConfig(Load(), "/data");
        var process = ProcessRuntimeSettings.FromConfig(Load(), "/data/kubelet", "127.0.0.1");

        Assert.Equal("/usr/lib/cni", settings.BinDir);
        Assert.Equal("/data/cni/net.d", settings.ConfDir);
        Assert.Equal("/data/cni/cache", settings.CacheDir);
        Assert.Equal("/data/cni/networks", settings.IpamDataDir);
        Assert.Equal("orch0", settings.BridgeName);
        Assert.Equal("127.100.0.0/16", settings.FallbackPodRange.ToString());
        Assert.Equal("/data/kubelet/process-runtime", process.StateDir);
        Assert.Equal(10 * 1024 * 1024, process.LogMaxSize);
    }

    [Fact]
    public void Settings_are_read_from_the_config()
    {
        var config = Load("orchestrator.kubelet.cni { conf-dir = \"/etc/cni/net.d\", bridge = \"cni9\", plugin-timeout = 5s }\norchestrator.kubelet.process.log-max-size = 1KiB");

        var settings = CniSettings.FromConfig(config, "/data");

        Assert.Equal("/etc/cni/net.d", settings.ConfDir);
        Assert.Equal("cni9", settings.BridgeName);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.PluginTimeout);
        Assert.Equal(1024, ProcessRuntimeSettings.FromConfig(config, "/k", "127.0.0.1").LogMaxSize);
    }
}
