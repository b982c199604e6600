namespace Orchestrator.Api.Entities;

/// <summary>How entities behave (passivation is Akka.Cluster.Sharding's: <c>akka.cluster.sharding.passivate-idle-entity-after</c>).</summary>
public sealed record EntitySettings
{
    /// <summary>Older events of an object are deleted (and later compacted) once this many accumulate.</summary>
    public int DeleteEventsEvery { get; init; } = 16;

    /// <summary>
    /// An entity asks its shard to passivate it as soon as it has answered a command (hocon:
    /// <c>orchestrator.api.passivate-entities-when-idle</c>), rather than after sharding's idle timeout.
    /// </summary>
    public bool PassivateWhenIdle { get; init; } = true;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
