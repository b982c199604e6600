using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Controllers.EndpointSlices;
using Orchestrator.Controllers.Machinery;
using Xunit;

namespace Orchestrator.Controllers.Tests.EndpointSlices;

/// <summary>reference.conf holds the EndpointSlice and mirroring controllers' settings with Kubernetes' defaults.</summary>
public sealed class EndpointSliceControllerSettingsTests
{
    [Fact]
    public void The_reference_settings_are_the_Kubernetes_defaults()
    {
        var settings = EndpointSliceControllerSettings.FromConfig(ControllerManagerSettings.FromConfig(GatewaySystem.Config()).Controllers.GetConfig("endpointslice"));

        Assert.Equal(new EndpointSliceControllerSettings(), settings);
        Assert.Equal(100, settings.MaxEndpointsPerSlice);
        Assert.Equal(5, settings.ConcurrentSyncs);

        var mirroring = EndpointSliceMirroringControllerSettings.FromConfig(ControllerManagerSettings.FromConfig(GatewaySystem.Config()).Controllers.GetConfig("endpointslice-mirroring"));
        Assert.Equal(new EndpointSliceMirroringControllerSettings(), mirroring);
        Assert.Equal(1000, mirroring.MaxEndpointsPerSubset);
    }
}
