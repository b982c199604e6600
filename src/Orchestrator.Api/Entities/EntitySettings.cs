namespace Orchestrator.Api.Entities;

/// <summary>How entities behave (hocon: <c>orchestrator.api</c>).</summary>
public sealed record EntitySettings
{
    /// <summary>An entity idle this long is stopped; the next command recovers it from the journal.</summary>
    public TimeSpan PassivateAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Older events of an object are deleted (and later compacted) once this many accumulate.</summary>
    public int DeleteEventsEvery { get; init; } = 16;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
