using System.Runtime.CompilerServices;

namespace Orchestrator.Persistence.Journal;

/// <summary>
/// A journal in memory for unit tests of actors: the same semantics as the SQLite journal
/// (conflicts, the global order, live subscriptions, deletes and compaction) without a file.
/// </summary>
public sealed class InMemoryJournal : IJournal
{
    private const int PageSize = 256;

    private readonly InMemoryJournalSettings _settings;
    private readonly LiveEventFeed _feed;
    private volatile bool _disposed;

    public InMemoryJournal()
        : this(new InMemoryJournalStorage())
    {
    }

    public InMemoryJournal(InMemoryJournalStorage storage, InMemoryJournalSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        Storage = storage;
        _settings = settings ?? new InMemoryJournalSettings();
        _feed = new LiveEventFeed(_settings.SubscriberBufferCapacity);
    }

    /// <summary>The storage this journal works on; a new journal over it sees everything written so far.</summary>
    public InMemoryJournalStorage Storage { get; }

    public long CompactedRevision
    {
        get
        {
            lock (Storage.Gate)
            {
                return Storage.CompactedRevision;
            }
        }
    }

    public IReadOnlyList<Task<IReadOnlyList<long>>> WriteAll(IReadOnlyList<JournalWrite> writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        return [.. writes.Select(w => WriteAsync(w.PersistenceId, w.ExpectedSequenceNr, w.Events))];
    }

    public Task<IReadOnlyList<long>> WriteAsync(
        string persistenceId,
        long expectedSequenceNr,
        IReadOnlyList<SerializedEvent> events,
        CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var tooLarge = WriteValidation.Validate(persistenceId, expectedSequenceNr, events, _settings.MaxEventSize);
        if (tooLarge is not null)
        {
            return Task.FromException<IReadOnlyList<long>>(tooLarge);
        }

        if (ct.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<long>>(ct);
        }

        if (events.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<long>>([]);
        }

        lock (Storage.Gate)
        {
            Storage.Entities.TryGetValue(persistenceId, out var entity);
            var actual = entity?.HighestSequenceNr ?? 0;
            if (actual != expectedSequenceNr)
            {
                return Task.FromException<IReadOnlyList<long>>(
                    new JournalConflictException(persistenceId, expectedSequenceNr, actual));
            }

            if (entity is null)
            {
                entity = new InMemoryEntityStream();
                Storage.Entities.Add(persistenceId, entity);
            }

            var timestamp = DateTimeOffset.UtcNow;
            var firstRevision = Storage.HeadRevision + 1;
            var batch = new StoredEvent[events.Count];
            for (var i = 0; i < batch.Length; i++)
            {
                // Copy the payload: a caller reusing its buffer must not change what was stored.
                var e = events[i];
                batch[i] = new StoredEvent(
                    persistenceId, expectedSequenceNr + 1 + i, firstRevision + i, e.Manifest, e.Payload.ToArray(), timestamp)
                {
                    Local = e.Local,
                };
            }

            Storage.Global.AddRange(batch);
            entity.Events.AddRange(batch);
            entity.HighestSequenceNr += batch.Length;
            Storage.HeadRevision += batch.Length;
            AutoCompact();

            // Published inside the lock so concurrent writers reach subscribers in revision order.
            if (_feed.HasSubscribers)
            {
                _feed.Publish(batch);
            }

            return Task.FromResult<IReadOnlyList<long>>(new RevisionRange(firstRevision, batch.Length));
        }
    }

    public async IAsyncEnumerable<StoredEvent> ReadAsync(
        string persistenceId,
        long fromSequenceNr,
        long toSequenceNr,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        var next = Math.Max(fromSequenceNr, 1);
        var page = new List<StoredEvent>(PageSize);
        while (next <= toSequenceNr)
        {
            ct.ThrowIfCancellationRequested();
            ObjectDisposedException.ThrowIf(_disposed, this);
            page.Clear();
            lock (Storage.Gate)
            {
                if (Storage.Entities.TryGetValue(persistenceId, out var entity))
                {
                    next = Math.Max(next, entity.DeletedTo + 1);
                    var events = entity.Events;
                    for (var i = InMemoryJournalStorage.LowerBound(events, next, bySequenceNr: true);
                         i < events.Count && page.Count < PageSize && events[i].SequenceNr <= toSequenceNr;
                         i++)
                    {
                        page.Add(events[i]);
                    }
                }
            }

            foreach (var e in page)
            {
                yield return e;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            next = page[^1].SequenceNr + 1;
            await Task.Yield();
        }
    }

    public Task<long> HighestSequenceNrAsync(string persistenceId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (Storage.Gate)
        {
            return Task.FromResult(
                Storage.Entities.TryGetValue(persistenceId, out var entity) ? entity.HighestSequenceNr : 0);
        }
    }

    public Task DeleteAsync(string persistenceId, long toSequenceNr, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (Storage.Gate)
        {
            if (Storage.Entities.TryGetValue(persistenceId, out var entity))
            {
                var to = Math.Min(toSequenceNr, entity.HighestSequenceNr);
                if (to > entity.DeletedTo)
                {
                    entity.DeletedTo = to;
                    entity.Events.RemoveAll(e => e.SequenceNr <= to);
                    Storage.Global.RemoveAll(e =>
                        e.Revision <= Storage.CompactedRevision && e.PersistenceId == persistenceId && e.SequenceNr <= to);
                }
            }
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredEvent> ReadRetainedAsync(
        long toRevision,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        List<StoredEvent> retained;
        lock (Storage.Gate)
        {
            retained = [.. Storage.Global.TakeWhile(e => e.Revision <= toRevision)];
        }

        foreach (var e in retained)
        {
            ct.ThrowIfCancellationRequested();
            yield return e;
        }

        await Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredEvent> ReadAllAsync(
        long fromRevision,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long next, head;
        lock (Storage.Gate)
        {
            next = WriteValidation.FirstReadableRevision(fromRevision, Storage.CompactedRevision);
            head = Storage.HeadRevision;
        }

        var page = new List<StoredEvent>(PageSize);
        while (next <= head)
        {
            ct.ThrowIfCancellationRequested();
            ObjectDisposedException.ThrowIf(_disposed, this);
            page.Clear();
            lock (Storage.Gate)
            {
                // Compaction may have overtaken a slow reader: never hand out a stream with holes.
                if (next <= Storage.CompactedRevision)
                {
                    throw new RevisionCompactedException(next, Storage.CompactedRevision);
                }

                var events = Storage.Global;
                for (var i = InMemoryJournalStorage.LowerBound(events, next, bySequenceNr: false);
                     i < events.Count && page.Count < PageSize && events[i].Revision <= head;
                     i++)
                {
                    page.Add(events[i]);
                }
            }

            foreach (var e in page)
            {
                yield return e;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            next = page[^1].Revision + 1;
            await Task.Yield();
        }
    }

    public IAsyncEnumerable<StoredEvent> SubscribeAsync(long fromRevision, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return JournalSubscription.SubscribeAsync(ReadAllAsync, _feed, fromRevision, ct);
    }

    public Task<long> HighestRevisionAsync(CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (Storage.Gate)
        {
            return Task.FromResult(Storage.HeadRevision);
        }
    }

    public Task CompactAsync(long revision, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (Storage.Gate)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(revision, Storage.HeadRevision);
            if (revision > Storage.CompactedRevision)
            {
                Storage.CompactedRevision = revision;
            }

            Sweep();
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        _feed.Complete();
        return ValueTask.CompletedTask;
    }

    private void AutoCompact()
    {
        var retention = _settings.AutoCompactRetention;
        if (retention <= 0 || Storage.HeadRevision - retention <= Storage.CompactedRevision)
        {
            return;
        }

        Storage.CompactedRevision = Storage.HeadRevision - retention;

        // The floor is exact; removing rows is only worth it once a good share of the window has passed.
        if (Storage.CompactedRevision - Storage.SweptRevision >= Math.Max(1, retention / 4))
        {
            Sweep();
        }
    }

    private void Sweep()
    {
        var floor = Storage.CompactedRevision;
        Storage.Global.RemoveAll(e =>
            e.Revision <= floor && e.SequenceNr <= Storage.Entities[e.PersistenceId].DeletedTo);
        Storage.SweptRevision = floor;
    }
}
