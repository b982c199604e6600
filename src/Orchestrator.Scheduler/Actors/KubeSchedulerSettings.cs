using AkkaConfig = Akka.Configuration.Config;
using Orchestrator.Client.Events;
using Orchestrator.Client.Informers;
using Orchestrator.Client.LeaderElection;
using Orchestrator.Scheduler.Queue;

namespace Orchestrator.Scheduler.Actors;

/// <summary>
/// Everything the running scheduler reads from orchestrator.scheduler (the algorithm, the queue's back-off,
/// its Lease) and, for the client machinery it shares with the controllers, orchestrator.controllers.informers
/// and .events.
/// </summary>
public sealed record KubeSchedulerSettings
{
    public SchedulerSettings Algorithm { get; init; } = new();

    public QueueSettings Queue { get; init; } = new();

    public LeaderElectionSettings LeaderElection { get; init; } = new();

    public InformerSettings Informers { get; init; } = new();

    public EventSettings Events { get; init; } = new();

    /// <summary>How long stopping waits for the scheduler to stop and the Lease to be released.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Pods scheduled per turn of the actor before it reads its mailbox (informer events, binding results) again.</summary>
    public int PodsPerTurn { get; init; } = 64;

    /// <summary>Bindings written at once; scheduling waits while this many are unanswered, so a backlog does not flood the API past its in-flight limit.</summary>
    public int MaxBindingsInFlight { get; init; } = 256;

    /// <summary>Reads the settings from a whole configuration (an ActorSystem's, which holds the orchestrator tree).</summary>
    public static KubeSchedulerSettings FromConfig(AkkaConfig root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var scheduler = root.GetConfig("orchestrator.scheduler");
        var controllers = root.GetConfig("orchestrator.controllers");
        var weights = scheduler.GetConfig("plugin-weights");
        return new KubeSchedulerSettings
        {
            Algorithm = new SchedulerSettings
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
            },
            Queue = new QueueSettings
            {
                InitialBackoff = scheduler.GetTimeSpan("pod-initial-backoff"),
                MaxBackoff = scheduler.GetTimeSpan("pod-max-backoff"),
                MaxInUnschedulable = scheduler.GetTimeSpan("pod-max-in-unschedulable-duration"),
            },
            LeaderElection = LeaderElectionSettings.FromConfig(scheduler.GetConfig("leader-election")),
            Informers = InformerSettings.FromConfig(controllers.GetConfig("informers")),
            Events = EventSettings.FromConfig(controllers.GetConfig("events")),
            ShutdownTimeout = scheduler.GetTimeSpan("shutdown-timeout"),
            PodsPerTurn = scheduler.GetInt("pods-per-turn"),
            MaxBindingsInFlight = scheduler.GetInt("max-bindings-in-flight"),
        };
    }
}
