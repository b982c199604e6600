namespace Orchestrator.Actors;

/// <summary>A handle to an actor: the only way to talk to it. Safe to share between threads.</summary>
public interface IActorRef
{
    ActorPath Path { get; }

    /// <summary>Enqueues <paramref name="message"/> in the actor's mailbox; never blocks.</summary>
    void Tell(object message, IActorRef sender);
}

/// <summary>The special references: no sender, and nobody.</summary>
public static class ActorRefs
{
    /// <summary>The sender of a message sent from outside any actor. Replies to it are dropped.</summary>
    public static readonly IActorRef NoSender = Actors.Nobody.Instance;

    /// <summary>A reference that drops everything sent to it.</summary>
    public static readonly IActorRef Nobody = Actors.Nobody.Instance;
}

internal sealed class Nobody : IInternalActorRef
{
    public static readonly Nobody Instance = new();

    public ActorPath Path { get; } = ActorPath.Root("nobody").Child("nobody", 0);

    public bool IsTerminated => true;

    public void Tell(object message, IActorRef sender)
    {
    }

    public void SendSystemMessage(Dispatch.SystemMessage message)
    {
        // Watching nobody yields Terminated at once, as watching any dead actor does.
        if (message is Dispatch.Watch watch)
        {
            watch.Watcher.SendSystemMessage(new Dispatch.DeathWatchNotification(this, ExistenceConfirmed: false));
        }
    }

    public override string ToString() => "Nobody";
}

/// <summary>What the kernel needs of a reference beyond <see cref="IActorRef"/>: system messages.</summary>
internal interface IInternalActorRef : IActorRef
{
    bool IsTerminated { get; }

    void SendSystemMessage(Dispatch.SystemMessage message);
}
