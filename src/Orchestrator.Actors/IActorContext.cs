using Microsoft.Extensions.Logging;

namespace Orchestrator.Actors;

/// <summary>A behaviour: handles a message and says whether it did.</summary>
public delegate bool Receive(object message);

/// <summary>What an actor sees of the kernel while it handles a message.</summary>
public interface IActorContext
{
    IActorRef Self { get; }

    /// <summary>The sender of the message being handled (also after an await in an async receive).</summary>
    IActorRef Sender { get; }

    IActorRef Parent { get; }

    Props Props { get; }

    ActorSystem System { get; }

    ILogger Log { get; }

    IEnumerable<IActorRef> Children { get; }

    TimeSpan? ReceiveTimeout { get; }

    IEnumerable<IActorRef> GetChildren();

    /// <summary>The child with that name, or null.</summary>
    IActorRef? Child(string name);

    IActorRef ActorOf(Props props, string? name = null);

    ActorSelection ActorSelection(string path);

    void Stop(IActorRef actor);

    /// <summary>Asks for <see cref="Terminated"/> when <paramref name="subject"/> stops (at once if it is already dead).</summary>
    IActorRef Watch(IActorRef subject);

    IActorRef Unwatch(IActorRef subject);

    void Become(Receive receive);

    void BecomeStacked(Receive receive);

    void UnbecomeStacked();

    /// <summary>Sends <see cref="Actors.ReceiveTimeout"/> after this long without a message; null turns it off.</summary>
    void SetReceiveTimeout(TimeSpan? timeout);
}
