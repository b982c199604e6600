using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Controllers.GarbageCollection;
using Orchestrator.Controllers.Machinery;
using Xunit;

namespace Orchestrator.Controllers.Tests.GarbageCollection;

/// <summary>reference.conf holds the garbage collector's settings with Kubernetes' defaults.</summary>
public sealed class GarbageCollectorSettingsTests
{
    [Fact]
    public void The_reference_settings_are_the_Kubernetes_defaults()
    {
        var settings = GarbageCollectorSettings.FromConfig(ControllerManagerSettings.FromConfig(GatewaySystem.Config()).Controllers.GetConfig("garbage-collector"));

        Assert.Equal(new GarbageCollectorSettings(), settings);
        Assert.Equal(20, settings.ConcurrentSyncs);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.DiscoveryPeriod);
    }
}
