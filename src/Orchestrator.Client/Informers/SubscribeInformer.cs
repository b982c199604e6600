using Akka.Actor;
using Orchestrator.Client.Events;

namespace Orchestrator.Client.Informers;

/// <summary>
/// Asks for an informer's events: the subscriber gets an Added for every cached object, <see cref="InformerSynced"/>
/// once the first list is complete, then every change, until it stops or unsubscribes.
/// </summary>
public sealed record SubscribeInformer(InformerKey Informer, IActorRef Subscriber);
