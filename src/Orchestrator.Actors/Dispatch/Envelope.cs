namespace Orchestrator.Actors.Dispatch;

/// <summary>A user message and who sent it, as it sits in a mailbox.</summary>
public readonly record struct Envelope(object Message, IActorRef Sender);
