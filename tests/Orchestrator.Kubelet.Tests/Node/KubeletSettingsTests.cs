using Orchestrator.Hocon;
using Orchestrator.Kubelet.Node;
using Xunit;

namespace Orchestrator.Kubelet.Tests.Node;

public class KubeletSettingsTests
{
    [Fact]
    public void Reference_conf_holds_the_kubelets_Kubernetes_defaults_and_an_empty_node_name_is_the_hostname()
    {
        var settings = From("");
        Assert.True(settings.Enabled);
        Assert.Equal(System.Net.Dns.GetHostName().ToLowerInvariant(), settings.NodeName);
        Assert.True(settings.RegisterNode);
        Assert.Equal(["127.0.0.1"], settings.NodeIps);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.LeaseRenewInterval);
        Assert.Equal(TimeSpan.FromSeconds(40), settings.LeaseDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(200), settings.RetryInitial);
        Assert.Equal(TimeSpan.FromSeconds(7), settings.RetryMax);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.NodeStatusUpdateFrequency);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.NodeStatusReportFrequency);
        Assert.Equal(110, settings.MaxPods);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.ShutdownGracePeriod);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.ShutdownGracePeriodCriticalPods);
        Assert.Equal("auto", settings.Runtime);
        Assert.Equal("", settings.RootDir);
        Assert.Equal(10250, settings.Port);
        Assert.Empty(settings.SystemReserved);
        Assert.Empty(settings.KubeReserved);
    }

    [Fact]
    public void Reads_overrides_and_refuses_what_a_kubelet_cannot_run_with()
    {
        var settings = From("""
            orchestrator.kubelet { node-name = edge-1, node-ip = "127.0.0.2, 127.0.0.3", runtime = process, system-reserved { cpu = 250m } }
            """);
        Assert.Equal("edge-1", settings.NodeName);
        Assert.Equal(["127.0.0.2", "127.0.0.3"], settings.NodeIps);
        Assert.Equal("process", settings.Runtime);
        Assert.Equal("250m", settings.SystemReserved["cpu"]);

        Assert.Contains("auto, docker or process", Assert.Throws<ConfigException>(() => From("orchestrator.kubelet.runtime = podman")).Message, StringComparison.Ordinal);
        Assert.Throws<ConfigException>(() => From("orchestrator.kubelet.shutdown-grace-period-critical-pods = 40s"));
        Assert.Throws<ConfigException>(() => From("orchestrator.kubelet.kube-reserved { memory = lots }"));
        Assert.Throws<ConfigException>(() => From("orchestrator.kubelet.max-pods = 0"));
    }

    private static KubeletSettings From(string overrides) =>
        KubeletSettings.FromConfig(Config.ParseString(overrides, new HoconParseOptions { Fallback = ReferenceConfig.Load() }));
}
