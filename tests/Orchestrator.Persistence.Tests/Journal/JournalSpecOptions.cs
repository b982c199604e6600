using Orchestrator.Persistence.Journal;

namespace Orchestrator.Persistence.Tests.Journal;

/// <summary>The journal settings a <see cref="JournalSpec"/> test needs; each journal maps them to its own settings.</summary>
public sealed record JournalSpecOptions
{
    public int MaxEventSize { get; init; } = JournalDefaults.MaxEventSize;

    public long AutoCompactRetention { get; init; }

    public int SubscriberBufferCapacity { get; init; } = JournalDefaults.SubscriberBufferCapacity;
}
