using Orchestrator.Persistence.Journal;

namespace Orchestrator.Persistence.Sqlite;

/// <summary>Settings of the SQLite journal and snapshot store, which share one database file.</summary>
/// <param name="Path">The database file; its directory is created if missing.</param>
public sealed record SqliteJournalSettings(string Path)
{
    /// <summary>The database's file name inside a data directory.</summary>
    public const string FileName = "journal.db";

    /// <summary>Durable commits by default: an acknowledged event survives a power loss.</summary>
    public SqliteSynchronousMode Synchronous { get; init; } = SqliteSynchronousMode.Full;

    /// <summary>The largest payload accepted, in bytes.</summary>
    public int MaxEventSize { get; init; } = JournalDefaults.MaxEventSize;

    /// <summary>
    /// The most events group commit puts in one transaction. A single write with more events is
    /// still committed whole, alone.
    /// </summary>
    public int MaxBatchSize { get; init; } = 1000;

    /// <summary>When above 0, the journal compacts itself to keep only the last this many revisions.</summary>
    public long AutoCompactRetention { get; init; }

    /// <summary>How many committed batches a live subscriber may lag before it falls back to reading history.</summary>
    public int SubscriberBufferCapacity { get; init; } = JournalDefaults.SubscriberBufferCapacity;

    /// <summary>Run PRAGMA quick_check when opening, so a damaged file is reported at once rather than mid-recovery.</summary>
    public bool VerifyOnOpen { get; init; } = true;

    /// <summary>How long a statement waits for another connection's write lock.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many entities' positions (highest sequence nr, last revision) the writer keeps cached; the cache starts over when full.</summary>
    public int EntityCacheCapacity { get; init; } = 100_000;

    /// <summary>The settings for the journal file inside <paramref name="dataDirectory"/>.</summary>
    public static SqliteJournalSettings ForDataDirectory(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        return new SqliteJournalSettings(System.IO.Path.Combine(dataDirectory, FileName));
    }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxEventSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxBatchSize);
        ArgumentOutOfRangeException.ThrowIfNegative(AutoCompactRetention);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SubscriberBufferCapacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(EntityCacheCapacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(BusyTimeout, TimeSpan.Zero);
    }
}
