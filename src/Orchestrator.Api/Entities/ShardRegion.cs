using Orchestrator.Actors;

namespace Orchestrator.Api.Entities;

/// <summary>
/// The front of the entities: hashes each command's key to one of a fixed number of shards and
/// forwards it there, keeping the sender so the entity replies straight to the asker. On one process
/// every shard is local; spreading shards over replicas changes only this routing.
/// </summary>
public sealed class ShardRegion : ReceiveActor
{
    private readonly IActorRef[] _shards;

    public ShardRegion(int shards, EntitySettings settings)
    {
        _shards = new IActorRef[shards];
        for (var i = 0; i < shards; i++)
        {
            _shards[i] = Context.ActorOf(Props.Create(() => new Shard(settings)), $"shard-{i}");
        }

        Receive<ResourceCommand>(command => _shards[command.Key.ShardOf(_shards.Length)].Forward(command));
    }
}
