using AkkaConfig = Akka.Configuration.Config;
using Orchestrator.Client.Events;

namespace Orchestrator.Client.LeaderElection;

/// <summary>The timings of a Lease-based leader election (orchestrator.leader-election; Kubernetes' --leader-elect-*).</summary>
public sealed record LeaderElectionSettings
{
    /// <summary>How long a Lease stays valid without renewal; candidates take it over after that.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>A leader that has not renewed for this long stops leading (shorter than the duration, so it stops before others take over).</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often candidates try to acquire, and the leader renews.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Reads the orchestrator.leader-election block.</summary>
    public static LeaderElectionSettings FromConfig(AkkaConfig leaderElection)
    {
        ArgumentNullException.ThrowIfNull(leaderElection);
        return new LeaderElectionSettings
        {
            LeaseDuration = leaderElection.GetTimeSpan("lease-duration"),
            RenewDeadline = leaderElection.GetTimeSpan("renew-deadline"),
            RetryPeriod = leaderElection.GetTimeSpan("retry-period"),
        };
    }
}
