namespace Orchestrator.Actors;

/// <summary>Published on the event stream for a message that could not be delivered (the recipient is dead).</summary>
public sealed record DeadLetter(object Message, IActorRef Sender, IActorRef Recipient);

/// <summary>Published on the event stream for a message the actor's behaviour did not handle.</summary>
public sealed record UnhandledMessage(object Message, IActorRef Sender, IActorRef Recipient);
