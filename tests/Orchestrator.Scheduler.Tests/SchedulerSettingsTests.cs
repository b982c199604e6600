using Orchestrator.Hocon;
using Xunit;

namespace Orchestrator.Scheduler.Tests;

public sealed class SchedulerSettingsTests
{
    /// <summary>orchestrator.scheduler read into settings, as the scheduler actor reads it.</summary>
    private static SchedulerSettings Read(Config scheduler)
    {
        var weights = scheduler.GetConfig("plugin-weights");
        return new SchedulerSettings
        {
            PercentageOfNodesToScore = scheduler.GetInt("percentage-of-nodes-to-score"),
            Weights = new PluginWeights
            {
                NodeResourcesFit = weights.GetInt("node-resources-fit"),
                NodeResourcesBalancedAllocation = weights.GetInt("node-resources-balanced-allocation"),
                NodeAffinity = weights.GetInt("node-affinity"),
                InterPodAffinity = weights.GetInt("inter-pod-affinity"),
                PodTopologySpread = weights.GetInt("pod-topology-spread"),
                TaintToleration = weights.GetInt("taint-toleration"),
            },
            Preemption = scheduler.GetBoolean("preemption"),
            MinCandidateNodesPercentage = scheduler.GetInt("min-candidate-nodes-percentage"),
            MinCandidateNodesAbsolute = scheduler.GetInt("min-candidate-nodes-absolute"),
            HardPodAffinityWeight = scheduler.GetInt("hard-pod-affinity-weight"),
            NodeReadyFilter = scheduler.GetBoolean("node-ready-filter"),
        };
    }

    [Fact]
    public void The_reference_configuration_holds_the_same_defaults_as_the_settings()
    {
        Assert.Equal(new SchedulerSettings(), Read(ReferenceConfig.Load().GetConfig("orchestrator.scheduler")));
    }

    [Fact]
    public void The_running_scheduler_reads_the_reference_configuration_as_its_defaults()
    {
        var settings = Orchestrator.Scheduler.Actors.KubeSchedulerSettings.FromConfig(ReferenceConfig.Load().ToAkka());

        Assert.Equal(new Orchestrator.Scheduler.Actors.KubeSchedulerSettings(), settings);
        Assert.Equal((TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2)),
            (settings.LeaderElection.LeaseDuration, settings.LeaderElection.RenewDeadline, settings.LeaderElection.RetryPeriod));
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)), (settings.Queue.InitialBackoff, settings.Queue.MaxBackoff));
    }

    [Fact]
    public void Kubernetes_default_weights()
    {
        var weights = new PluginWeights().ByName();

        Assert.Equal(1, weights["NodeResourcesFit"]);
        Assert.Equal(1, weights["NodeResourcesBalancedAllocation"]);
        Assert.Equal(2, weights["NodeAffinity"]);
        Assert.Equal(2, weights["InterPodAffinity"]);
        Assert.Equal(2, weights["PodTopologySpread"]);
        Assert.Equal(3, weights["TaintToleration"]);
    }
}
