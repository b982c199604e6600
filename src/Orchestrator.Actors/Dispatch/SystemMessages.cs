namespace Orchestrator.Actors.Dispatch;

/// <summary>
/// Lifecycle and supervision messages. They bypass the user queue and are processed before any
/// user message; they are linked into an intrusive lock-free list so an idle actor carries no queue for them.
/// </summary>
public abstract record SystemMessage
{
    /// <summary>The link in the mailbox's queue: not part of the message, so equality ignores it (comparing it walked the whole queue, recursively).</summary>
    internal SystemMessage? Next { get; set; }

    public virtual bool Equals(SystemMessage? other) => other is not null && EqualityContract == other.EqualityContract;

    public override int GetHashCode() => EqualityContract.GetHashCode();
}

internal sealed record Create : SystemMessage;

internal sealed record Terminate : SystemMessage;

/// <summary>The child reports a failure to its parent; the parent's supervisor strategy decides.</summary>
internal sealed record Failed(IActorRef Child, Exception Cause, long Uid) : SystemMessage;

internal sealed record Resume : SystemMessage;

internal sealed record Recreate(Exception Cause) : SystemMessage;

internal sealed record Watch(IInternalActorRef Watchee, IInternalActorRef Watcher) : SystemMessage;

internal sealed record Unwatch(IInternalActorRef Watchee, IInternalActorRef Watcher) : SystemMessage;

internal sealed record DeathWatchNotification(IActorRef Actor, bool ExistenceConfirmed) : SystemMessage;

internal sealed record ChildTerminated(IActorRef Child) : SystemMessage;

/// <summary>The continuation of an async receive, run on the actor's mailbox like any message.</summary>
internal sealed record AsyncContinuation(SendOrPostCallback Callback, object? State, int Incarnation) : SystemMessage;

/// <summary>An async receive finished: the mailbox resumes, a fault goes to the supervisor.</summary>
internal sealed record AsyncCompleted(Task Task, int Incarnation) : SystemMessage;
