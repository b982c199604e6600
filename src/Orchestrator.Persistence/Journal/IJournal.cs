namespace Orchestrator.Persistence.Journal;

/// <summary>
/// An append-only event journal: per-entity event streams with optimistic concurrency, merged into
/// one global, totally ordered stream whose positions are revisions.
/// </summary>
public interface IJournal : IAsyncDisposable
{
    /// <summary>
    /// The compaction floor: revisions up to and including it can no longer be read from the global
    /// stream. 0 when the journal was never compacted.
    /// </summary>
    long CompactedRevision { get; }

    /// <summary>
    /// Appends <paramref name="events"/> to <paramref name="persistenceId"/> if its highest sequence nr is
    /// still <paramref name="expectedSequenceNr"/>; the events get the following sequence numbers.
    /// All events of one call are written or none are.
    /// </summary>
    /// <remarks>The journal keeps <paramref name="events"/> and their payloads as given: neither may change afterwards.</remarks>
    /// <returns>Each event's revision, in order.</returns>
    /// <exception cref="JournalConflictException">Another write got there first.</exception>
    /// <exception cref="EventTooLargeException">An event is over the size limit; nothing was written.</exception>
    Task<IReadOnlyList<long>> WriteAsync(
        string persistenceId,
        long expectedSequenceNr,
        IReadOnlyList<SerializedEvent> events,
        CancellationToken ct = default);

    /// <summary>
    /// Several compare-and-appends, each as <see cref="WriteAsync"/> does it, committed together where the
    /// store can (group commit): the journal plugin hands over every write that arrived while its last
    /// commit ran. An idle store commits on the calling thread, so the tasks are complete on return.
    /// </summary>
    /// <returns>Each write's outcome, in order: its revisions, or its exception.</returns>
    IReadOnlyList<Task<IReadOnlyList<long>>> WriteAll(IReadOnlyList<JournalWrite> writes);

    /// <summary>The entity's events from <paramref name="fromSequenceNr"/> to <paramref name="toSequenceNr"/> inclusive, without deleted ones.</summary>
    IAsyncEnumerable<StoredEvent> ReadAsync(
        string persistenceId,
        long fromSequenceNr,
        long toSequenceNr,
        CancellationToken ct = default);

    /// <summary>The entity's highest sequence nr; deleting events does not lower it. 0 for an unknown entity.</summary>
    Task<long> HighestSequenceNrAsync(string persistenceId, CancellationToken ct = default);

    /// <summary>
    /// Logically deletes the entity's events up to <paramref name="toSequenceNr"/>: per-entity reads skip
    /// them, the global stream keeps them until it is compacted past them.
    /// </summary>
    Task DeleteAsync(string persistenceId, long toSequenceNr, CancellationToken ct = default);

    /// <summary>The global stream from <paramref name="fromRevision"/> inclusive to the current head.</summary>
    /// <exception cref="RevisionCompactedException">The revision was compacted away.</exception>
    IAsyncEnumerable<StoredEvent> ReadAllAsync(long fromRevision, CancellationToken ct = default);

    /// <summary>
    /// The global stream from <paramref name="fromRevision"/> inclusive: the history, then every new
    /// event as it is committed, each exactly once and in order, until cancelled. Disposing the journal
    /// ends it with <see cref="ObjectDisposedException"/>.
    /// </summary>
    /// <exception cref="RevisionCompactedException">The revision was compacted away (possibly while the subscriber lagged).</exception>
    IAsyncEnumerable<StoredEvent> SubscribeAsync(long fromRevision, CancellationToken ct = default);

    /// <summary>
    /// Every event still stored up to <paramref name="toRevision"/>, in order, including those at or below
    /// the compaction floor: what a projection replays to rebuild the current state of every entity
    /// (compaction removes only events their entity deleted, so the latest state of each survives).
    /// </summary>
    IAsyncEnumerable<StoredEvent> ReadRetainedAsync(long toRevision, CancellationToken ct = default);

    /// <summary>The revision of the last committed event; 0 for an empty journal.</summary>
    Task<long> HighestRevisionAsync(CancellationToken ct = default);

    /// <summary>
    /// Raises the compaction floor to <paramref name="revision"/> (a lower value is ignored) and
    /// physically removes events at or below it that were also deleted from their entity.
    /// </summary>
    Task CompactAsync(long revision, CancellationToken ct = default);
}
