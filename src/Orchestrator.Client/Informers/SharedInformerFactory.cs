using System.Collections.Concurrent;
using Akka.Actor;
using Orchestrator.Client;
using Orchestrator.Client.Events;

namespace Orchestrator.Client.Informers;

/// <summary>
/// The informers of one owner (client-go's SharedInformerFactory): one list and watch per
/// <see cref="InformerKey"/>, shared by every controller that asks for it. The informer actors are children of
/// an <see cref="InformerSupervisor"/> made under the parent given here (the controller manager), so they stop
/// with it: a singleton handed over to another node stops watching here. Thread-safe: controllers call it
/// from their own constructors.
/// </summary>
public sealed class SharedInformerFactory
{
    private readonly ConcurrentDictionary<InformerKey, ThreadSafeStore> _stores = new();

    /// <param name="parent">Where the informers' supervisor is made: an actor's Context (from that actor's thread) or an ActorSystem.</param>
    public SharedInformerFactory(IActorRefFactory parent, IKubeClient client, InformerSettings settings, string name = "informers")
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        Client = client;
        Settings = settings;
        Supervisor = parent.ActorOf(InformerSupervisor.Props(this), name);
    }

    public IKubeClient Client { get; }

    public InformerSettings Settings { get; }

    /// <summary>The parent of the informer actors; stopping it stops them.</summary>
    public IActorRef Supervisor { get; }

    /// <summary>The lister of an informer's cache; the informer itself starts with its first subscriber.</summary>
    public Lister Lister(InformerKey informer) => new(informer, Store(informer));

    public Lister Lister(ResourceRef resource) => Lister(new InformerKey(resource));

    /// <summary>Sends the subscriber the informer's events (<see cref="SubscribeInformer"/>), starting the informer if needed.</summary>
    public void Subscribe(InformerKey informer, IActorRef subscriber) => Supervisor.Tell(new SubscribeInformer(informer, subscriber));

    public void Unsubscribe(InformerKey informer, IActorRef subscriber) => Supervisor.Tell(new UnsubscribeInformer(informer, subscriber));

    internal ThreadSafeStore Store(InformerKey informer) => _stores.GetOrAdd(informer, _ => new ThreadSafeStore());
}
