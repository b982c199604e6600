namespace Orchestrator.Actors;

/// <summary>Sent to every watcher when the watched actor has stopped, also when it was already dead when watched.</summary>
/// <param name="ActorRef">The actor that stopped.</param>
/// <param name="ExistenceConfirmed">False when the actor was already gone (or never existed) when watched.</param>
public sealed record Terminated(IActorRef ActorRef, bool ExistenceConfirmed) : IAutoReceivedMessage;
