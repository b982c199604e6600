using AkkaConfig = Akka.Configuration.Config;
using Orchestrator.Client.Events;
using Orchestrator.Client.Informers;
using Orchestrator.Client.LeaderElection;
using Orchestrator.Client.WorkQueues;

namespace Orchestrator.Controllers.Machinery;

/// <summary>
/// Everything the controller manager and its machinery read from the orchestrator.controllers and
/// orchestrator.leader-election blocks; <see cref="Controllers"/> keeps the whole block for each controller's own settings.
/// </summary>
public sealed record ControllerManagerSettings
{
    public InformerSettings Informers { get; init; } = new();

    public WorkQueueSettings WorkQueue { get; init; } = new();

    public EventSettings Events { get; init; } = new();

    public LeaderElectionSettings LeaderElection { get; init; } = new();

    /// <summary>How long a controller waits for the creations and deletions it expects to appear in its informer.</summary>
    public TimeSpan ExpectationsTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long stopping waits for the controllers to stop and the Lease to be released.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The orchestrator.controllers block, for the settings of each controller.</summary>
    public AkkaConfig Controllers { get; init; } = AkkaConfig.Empty;

    /// <summary>Reads the settings from a whole configuration (an ActorSystem's, which holds the orchestrator tree).</summary>
    public static ControllerManagerSettings FromConfig(AkkaConfig root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var controllers = root.GetConfig("orchestrator.controllers");
        return new ControllerManagerSettings
        {
            Informers = InformerSettings.FromConfig(controllers.GetConfig("informers")),
            WorkQueue = WorkQueueSettings.FromConfig(controllers.GetConfig("work-queue")),
            Events = EventSettings.FromConfig(controllers.GetConfig("events")),
            LeaderElection = LeaderElectionSettings.FromConfig(root.GetConfig("orchestrator.leader-election")),
            ExpectationsTimeout = controllers.GetTimeSpan("expectations-timeout"),
            ShutdownTimeout = controllers.GetTimeSpan("shutdown-timeout"),
            Controllers = controllers,
        };
    }
}
