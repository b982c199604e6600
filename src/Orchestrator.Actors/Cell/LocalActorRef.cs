using Orchestrator.Actors.Dispatch;

namespace Orchestrator.Actors.Cell;

/// <summary>The reference to an actor of this process: Tell enqueues straight into its mailbox.</summary>
internal sealed class LocalActorRef : IInternalActorRef
{
    public LocalActorRef(ActorCell cell, ActorPath path)
    {
        Cell = cell;
        Path = path;
    }

    public ActorPath Path { get; }

    public bool IsTerminated => Cell.Mailbox.IsClosed;

    internal ActorCell Cell { get; }

    public void Tell(object message, IActorRef sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        Cell.Mailbox.Post(new Envelope(message, sender ?? ActorRefs.NoSender));
    }

    public void SendSystemMessage(SystemMessage message) => Cell.Mailbox.PostSystem(message);

    public override string ToString() => $"[{Path}#{Path.Uid}]";
}
