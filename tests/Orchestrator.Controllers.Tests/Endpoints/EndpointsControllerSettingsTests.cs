using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Controllers.Endpoints;
using Orchestrator.Controllers.Machinery;
using Xunit;

namespace Orchestrator.Controllers.Tests.Endpoints;

/// <summary>reference.conf holds the Endpoints controller's settings with Kubernetes' defaults.</summary>
public sealed class EndpointsControllerSettingsTests
{
    [Fact]
    public void The_reference_settings_are_the_Kubernetes_defaults()
    {
        var controllers = ControllerManagerSettings.FromConfig(GatewaySystem.Config()).Controllers;

        Assert.Equal(new EndpointsControllerSettings { ConcurrentSyncs = 5, MaxAddresses = 1000 }, EndpointsControllerSettings.FromConfig(controllers.GetConfig("endpoints")));
        Assert.Equal(new EndpointsControllerSettings(), EndpointsControllerSettings.FromConfig(controllers.GetConfig("endpoints")));
    }
}
