namespace Orchestrator.Actors;

/// <summary>Handled by the kernel, never by the actor: messages an actor's cell interprets itself.</summary>
public interface IAutoReceivedMessage
{
}

/// <summary>Stops the actor once it reaches the message, after everything enqueued before it.</summary>
public sealed class PoisonPill : IAutoReceivedMessage
{
    public static readonly PoisonPill Instance = new();

    private PoisonPill()
    {
    }
}
