using Akka.Cluster.Sharding;

namespace Orchestrator.Api.Entities;

/// <summary>
/// Routes a command to its object's entity: the entity id is the persistence id, and its shard is a
/// stable hash of it, the same on every member, over a number of shards fixed for the life of a cluster.
/// </summary>
public sealed class ResourceMessageExtractor(int shards) : HashCodeMessageExtractor(shards)
{
    public override string? EntityId(object message) => (message as ResourceCommand)?.Key.PersistenceId;
}
