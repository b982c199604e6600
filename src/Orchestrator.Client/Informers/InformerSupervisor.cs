using Akka.Actor;
using Akka.Event;
using Orchestrator.Client.Events;

namespace Orchestrator.Client.Informers;

/// <summary>
/// Parent of a <see cref="SharedInformerFactory"/>'s informers: starts one <see cref="InformerActor"/> per
/// <see cref="InformerKey"/> on its first subscription and routes (un)subscriptions to it. Informers live as
/// long as this actor, that is as long as whoever owns the factory.
/// </summary>
internal sealed class InformerSupervisor : ReceiveActor
{
    private readonly SharedInformerFactory _factory;
    private readonly Dictionary<InformerKey, IActorRef> _informers = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public InformerSupervisor(SharedInformerFactory factory)
    {
        _factory = factory;
        Receive<SubscribeInformer>(m => InformerFor(m.Informer).Forward(m));
        Receive<UnsubscribeInformer>(m => _informers.GetValueOrDefault(m.Informer)?.Forward(m));
    }

    public static Props Props(SharedInformerFactory factory) => Akka.Actor.Props.Create(() => new InformerSupervisor(factory));

    // An informer's state is its subscribers and its cache: a restart would lose the first, so a failing
    // message is logged and skipped instead; the next list puts the cache right.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(e =>
    {
        _log.Error(e, "an informer failed on a message; it carries on");
        return Directive.Resume;
    });

    private IActorRef InformerFor(InformerKey key)
    {
        if (!_informers.TryGetValue(key, out var informer))
        {
            var name = $"{key.Resource.Plural}-{_informers.Count + 1}";
            informer = Context.ActorOf(InformerActor.Props(key, _factory.Store(key), _factory.Client, _factory.Settings), name);
            _informers[key] = informer;
        }

        return informer;
    }
}
