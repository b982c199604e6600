namespace Orchestrator.Api.Entities;

/// <summary>How entities behave (passivation is Akka.Cluster.Sharding's: <c>akka.cluster.sharding.passivate-idle-entity-after</c>).</summary>
public sealed record EntitySettings
{
    /// <summary>Older events of an object are deleted (and later compacted) once this many accumulate.</summary>
    public int DeleteEventsEvery { get; init; } = 16;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
