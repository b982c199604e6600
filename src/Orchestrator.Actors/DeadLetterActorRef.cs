using Orchestrator.Actors.Dispatch;

namespace Orchestrator.Actors;

/// <summary>The system's dead-letter office: everything told to it is published as a <see cref="DeadLetter"/>.</summary>
internal sealed class DeadLetterActorRef(ActorSystem system, ActorPath path) : IInternalActorRef
{
    public ActorPath Path { get; } = path;

    public bool IsTerminated => true;

    public void Tell(object message, IActorRef sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is DeadLetter deadLetter)
        {
            system.EventStream.Publish(deadLetter);
            return;
        }

        system.PublishDeadLetter(new Envelope(message, sender ?? ActorRefs.NoSender), this);
    }

    public void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch)
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(this, ExistenceConfirmed: false));
        }
    }

    public override string ToString() => $"[{Path}]";
}
