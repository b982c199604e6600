using Orchestrator.Actors;

namespace Orchestrator.Api.Entities;

/// <summary>
/// Owns the entities whose keys hash to it: creates them on their first command, and stops them when
/// they ask to passivate, holding their commands meanwhile and redelivering them to a fresh
/// incarnation (Akka Cluster Sharding's shard).
/// </summary>
public sealed class Shard : ReceiveActor
{
    private readonly Dictionary<string, IActorRef> _entities = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _ids = [];
    private readonly Dictionary<string, List<(ResourceCommand Command, IActorRef Sender)>> _passivating = new(StringComparer.Ordinal);
    private readonly EntitySettings _settings;

    public Shard(EntitySettings settings)
    {
        _settings = settings;
        Receive<ResourceCommand>(command => Deliver(command, Sender));
        Receive<Passivate>(_ => StartPassivation(Sender));
        Receive<Terminated>(t => EntityStopped(t.ActorRef));
    }

    private void Deliver(ResourceCommand command, IActorRef sender)
    {
        var id = command.Key.PersistenceId;
        if (_passivating.TryGetValue(id, out var held))
        {
            held.Add((command, sender));
            return;
        }

        if (!_entities.TryGetValue(id, out var entity))
        {
            var key = command.Key;
            entity = Context.ActorOf(Props.Create(() => new ResourceEntity(key, _settings)), id.Replace('/', '~'));
            Context.Watch(entity);
            _entities[id] = entity;
            _ids[entity] = id;
        }

        entity.Tell(command, sender);
    }

    private void StartPassivation(IActorRef entity)
    {
        if (_ids.TryGetValue(entity, out var id) && !_passivating.ContainsKey(id))
        {
            _passivating[id] = [];
            entity.Tell(PoisonPill.Instance, Self);
        }
    }

    private void EntityStopped(IActorRef entity)
    {
        if (!_ids.Remove(entity, out var id))
        {
            return;
        }

        _entities.Remove(id);
        if (_passivating.Remove(id, out var held))
        {
            foreach (var (command, sender) in held)
            {
                Deliver(command, sender);
            }
        }
    }
}
