using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Controllers.Deployments;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Controllers.Namespaces;
using Orchestrator.Controllers.ReplicaSets;
using Xunit;
using Orchestrator.Client.Events;
using Orchestrator.Client.Informers;
using Orchestrator.Client.LeaderElection;
using Orchestrator.Client.WorkQueues;

namespace Orchestrator.Controllers.Tests.Machinery;

/// <summary>reference.conf holds every machinery setting, with Kubernetes' defaults, and a test can shrink them.</summary>
public sealed class ControllerManagerSettingsTests
{
    [Fact]
    public void The_reference_settings_are_the_Kubernetes_defaults()
    {
        var settings = ControllerManagerSettings.FromConfig(GatewaySystem.Config());

        Assert.Equal(new InformerSettings(), settings.Informers);
        Assert.Equal(new WorkQueueSettings(), settings.WorkQueue);
        Assert.Equal(new EventSettings(), settings.Events);
        Assert.Equal(new LeaderElectionSettings(), settings.LeaderElection);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.ExpectationsTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.ShutdownTimeout);
        Assert.Equal(new NamespaceControllerSettings(), NamespaceControllerSettings.FromConfig(settings.Controllers.GetConfig("namespace")));
        Assert.Equal(new ReplicaSetControllerSettings(), ReplicaSetControllerSettings.FromConfig(settings.Controllers.GetConfig("replica-set")));
        Assert.Equal(new DeploymentControllerSettings(), DeploymentControllerSettings.FromConfig(settings.Controllers.GetConfig("deployment")));
    }

    [Fact]
    public void A_test_shrinks_timings_in_configuration()
    {
        var settings = ControllerManagerSettings.FromConfig(GatewaySystem.Config("""
            orchestrator.leader-election { lease-duration = 2s, renew-deadline = 1s, retry-period = 100ms }
            orchestrator.controllers.work-queue.retry-base-delay = 1ms
            orchestrator.controllers.informers.min-resync-period = 0s
            """));

        Assert.Equal(new LeaderElectionSettings { LeaseDuration = TimeSpan.FromSeconds(2), RenewDeadline = TimeSpan.FromSeconds(1), RetryPeriod = TimeSpan.FromMilliseconds(100) }, settings.LeaderElection);
        Assert.Equal(TimeSpan.FromMilliseconds(1), settings.WorkQueue.RetryBaseDelay);
        Assert.Equal(TimeSpan.Zero, settings.Informers.MinResyncPeriod);
    }
}
