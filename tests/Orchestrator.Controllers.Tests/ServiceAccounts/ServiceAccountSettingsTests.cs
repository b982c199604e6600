using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Controllers.ServiceAccounts;
using Xunit;

namespace Orchestrator.Controllers.Tests.ServiceAccounts;

/// <summary>reference.conf holds the service account and token controllers' settings with Kubernetes' defaults.</summary>
public sealed class ServiceAccountSettingsTests
{
    [Fact]
    public void The_reference_settings_are_the_Kubernetes_defaults()
    {
        var controllers = ControllerManagerSettings.FromConfig(GatewaySystem.Config()).Controllers;
        var accounts = ServiceAccountsControllerSettings.FromConfig(controllers.GetConfig("serviceaccount"));

        Assert.Equal(5, accounts.ConcurrentSyncs);
        Assert.Equal(["default"], accounts.ServiceAccounts);
        Assert.Equal(new ServiceAccountsControllerSettings().ServiceAccounts, accounts.ServiceAccounts);
        Assert.Equal(new TokensControllerSettings(), TokensControllerSettings.FromConfig(controllers.GetConfig("serviceaccount-token")));
    }
}
