using AkkaConfig = Akka.Configuration.Config;

namespace Orchestrator.Controllers.Jobs;

/// <summary>The Job controller's settings (orchestrator.controllers.job), Kubernetes' defaults.</summary>
public sealed record JobControllerSettings
{
    /// <summary>Jobs synced at once (--concurrent-job-syncs).</summary>
    public int ConcurrentSyncs { get; init; } = 5;

    /// <summary>The wait before replacing a failed pod, doubling with each further failure (DefaultJobPodFailureBackOff: 10 s)…</summary>
    public TimeSpan PodFailureBackoffInitial { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>…up to this (MaxJobPodFailureBackOff: 6 min).</summary>
    public TimeSpan PodFailureBackoffMax { get; init; } = TimeSpan.FromMinutes(6);

    public static JobControllerSettings FromConfig(AkkaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new JobControllerSettings
        {
            ConcurrentSyncs = config.GetInt("concurrent-syncs"),
            PodFailureBackoffInitial = config.GetTimeSpan("pod-failure-backoff-initial"),
            PodFailureBackoffMax = config.GetTimeSpan("pod-failure-backoff-max"),
        };
    }
}
