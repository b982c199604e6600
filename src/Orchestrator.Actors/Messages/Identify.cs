namespace Orchestrator.Actors;

/// <summary>Every actor answers with <see cref="ActorIdentity"/>; used to find an actor behind a selection.</summary>
public sealed record Identify(object? MessageId) : IAutoReceivedMessage;

public sealed record ActorIdentity(object? MessageId, IActorRef? Subject);
