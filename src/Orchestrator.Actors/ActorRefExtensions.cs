using Orchestrator.Actors.Cell;

namespace Orchestrator.Actors;

public static class ActorRefExtensions
{
    /// <summary>Tells with the current actor as the sender (or no sender outside an actor), as Akka's implicit sender does.</summary>
    public static void Tell(this IActorRef receiver, object message)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        receiver.Tell(message, ActorCell.Current?.Self ?? ActorRefs.NoSender);
    }

    /// <summary>Passes the message on keeping the original sender, so the receiver replies to it directly.</summary>
    public static void Forward(this IActorRef receiver, object message)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        receiver.Tell(message, ActorCell.Current?.Sender ?? ActorRefs.NoSender);
    }

    internal static IInternalActorRef AsInternal(this IActorRef actorRef) =>
        actorRef as IInternalActorRef ?? throw new ArgumentException($"{actorRef} is not a reference of this actor system", nameof(actorRef));
}
