using Akka.Actor;
using Orchestrator.Client.Events;

namespace Orchestrator.Client.Informers;

/// <summary>Stops an informer's events to the subscriber (a stopped subscriber is dropped without it).</summary>
public sealed record UnsubscribeInformer(InformerKey Informer, IActorRef Subscriber);
