using Orchestrator.Client.Events;
namespace Orchestrator.Client.LeaderElection;

/// <summary>Told by a <see cref="LeaderElector"/>: this candidate now holds the Lease (client-go's OnStartedLeading).</summary>
public sealed record StartedLeading(string Identity);

/// <summary>Told by a <see cref="LeaderElector"/>: the Lease could not be renewed within the renew deadline, so this candidate must stop leading.</summary>
public sealed record StoppedLeading(string Identity);

/// <summary>Told by a <see cref="LeaderElector"/> when the Lease names a different holder than last seen (client-go's OnNewLeader); empty when released.</summary>
public sealed record NewLeader(string Identity);

/// <summary>Asks a <see cref="LeaderElector"/> to give its Lease up (if it holds it) and stop competing; it answers <see cref="LeaseReleased"/>.</summary>
public sealed record ReleaseLease
{
    public static readonly ReleaseLease Instance = new();
}

/// <summary>The answer to <see cref="ReleaseLease"/>: the Lease names no holder (or was not held by this candidate).</summary>
public sealed record LeaseReleased
{
    public static readonly LeaseReleased Instance = new();
}
