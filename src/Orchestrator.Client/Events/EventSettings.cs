using AkkaConfig = Akka.Configuration.Config;

namespace Orchestrator.Client.Events;

/// <summary>How recorded Events are aggregated (orchestrator.controllers.events; client-go's event correlator).</summary>
public sealed record EventSettings
{
    /// <summary>A repeat within this long of the last occurrence increments the existing Event's count.</summary>
    public TimeSpan AggregationWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How many distinct Events are remembered for aggregation (least recently seen go first).</summary>
    public int CacheSize { get; init; } = 4096;

    /// <summary>
    /// Events waiting to be written past which the broadcaster drops those it takes (client-go's maxQueuedEvents:
    /// 1000): a burst (a scheduler binding thousands of pods) loses Events rather than queueing a write for each.
    /// </summary>
    public int MaxQueued { get; init; } = 1000;

    /// <summary>Reads the orchestrator.controllers.events block.</summary>
    public static EventSettings FromConfig(AkkaConfig events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return new EventSettings
        {
            AggregationWindow = events.GetTimeSpan("aggregation-window"),
            CacheSize = events.GetInt("cache-size"),
            MaxQueued = events.GetInt("max-queued", 1000),
        };
    }
}
