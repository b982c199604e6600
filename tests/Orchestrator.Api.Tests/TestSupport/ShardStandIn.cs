using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Orchestrator.Api.Tests.TestSupport;

/// <summary>
/// Stands in for the Akka.Cluster.Sharding shard that hosts one entity, doing what a shard does for it:
/// starts it as its child (named "entity") on the first message, forwards every message to it, supervises
/// it with the default strategy (an entity that throws restarts), and when the entity asks to be
/// passivated reports the <see cref="Passivate"/> to a probe, sends the entity its stop message and
/// buffers what arrives meanwhile, for a new incarnation once the old one has stopped.
/// </summary>
public sealed class ShardStandIn : ReceiveActor
{
    public const string ChildName = "entity";

    private readonly Props _entity;
    private readonly List<(object Message, IActorRef Sender)> _buffer = [];
    private IActorRef? _child;
    private bool _passivating;

    public ShardStandIn(Props entity, IActorRef probe)
    {
        _entity = entity;
        Receive<Passivate>(p =>
        {
            probe.Tell(p);
            _passivating = true;
            Sender.Tell(p.StopMessage);
        });
        Receive<Terminated>(t => t.ActorRef.Equals(_child), _ =>
        {
            _child = null;
            _passivating = false;
            foreach (var (message, sender) in _buffer)
            {
                Child().Tell(message, sender);
            }

            _buffer.Clear();
        });
        ReceiveAny(message =>
        {
            if (_passivating)
            {
                _buffer.Add((message, Sender));
            }
            else
            {
                Child().Forward(message);
            }
        });
    }

    protected override void PreStart() => Child();

    private IActorRef Child()
    {
        if (_child is null)
        {
            _child = Context.ActorOf(_entity, ChildName);
            Context.Watch(_child);
        }

        return _child;
    }
}
