namespace Orchestrator.Persistence.Journal;

/// <summary>Settings of an <see cref="InMemoryJournal"/>; they mirror the SQLite journal's so tests can shrink the same limits.</summary>
public sealed record InMemoryJournalSettings
{
    /// <summary>The largest payload accepted, in bytes.</summary>
    public int MaxEventSize { get; init; } = JournalDefaults.MaxEventSize;

    /// <summary>When above 0, the journal compacts itself to keep only the last this many revisions.</summary>
    public long AutoCompactRetention { get; init; }

    /// <summary>How many committed writes a live subscriber may lag before it falls back to reading history.</summary>
    public int SubscriberBufferCapacity { get; init; } = JournalDefaults.SubscriberBufferCapacity;
}
