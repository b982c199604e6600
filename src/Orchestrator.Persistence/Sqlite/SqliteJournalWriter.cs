using Microsoft.Data.Sqlite;
using Orchestrator.Persistence.Journal;
using SQLitePCL;

namespace Orchestrator.Persistence.Sqlite;

/// <summary>
/// The journal's only writer. Under load a dedicated thread drains the queue of pending writes and
/// commits everything waiting in one transaction (group commit), so 256 concurrent writers pay for one
/// fsync rather than 256. When the journal is idle, an append is committed on the caller's own thread
/// instead: a lone writer then pays for its commit and nothing else, no hand-off to the writer thread
/// and back (two thread wake-ups, each as long as the commit itself on a small machine). Whoever holds
/// the connection — the thread or one caller — holds it alone. Callers' tasks complete only after the
/// commit, and live subscribers are fed from here, after the commit, in revision order.
/// </summary>
internal sealed class SqliteJournalWriter : IAsyncDisposable
{
    private const string InsertSql = """
        INSERT INTO journal (revision, persistence_id, sequence_nr, previous, timestamp, manifest, payload)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);
        """;

    private const string SaveEntitySql = """
        INSERT INTO entities (persistence_id, highest_sequence_nr, last_revision, deleted_to) VALUES (?1, ?2, ?3, 0)
        ON CONFLICT (persistence_id) DO UPDATE
        SET highest_sequence_nr = excluded.highest_sequence_nr, last_revision = excluded.last_revision;
        """;

    private const string MarkDeletedSql =
        "UPDATE entities SET deleted_to = max(deleted_to, ?2) WHERE persistence_id = ?1;";

    // Walks the entity's whole chain from its last revision ?1 (it is only as long as what is left).
    private const string RemoveDeletedOfEntitySql = """
        WITH RECURSIVE chain (revision, sequence_nr, previous) AS (
            SELECT revision, sequence_nr, previous FROM journal WHERE revision = ?1
            UNION ALL
            SELECT j.revision, j.sequence_nr, j.previous FROM chain c JOIN journal j ON j.revision = c.previous)
        DELETE FROM journal WHERE revision IN (SELECT revision FROM chain WHERE sequence_nr <= ?2 AND revision <= ?3);
        """;

    private const string SetFloorSql =
        "INSERT OR REPLACE INTO journal_state (key, value) VALUES ('" + SqliteSchema.CompactedRevisionKey + "', ?1);";

    // Only the revisions between the previous floor and the new one: rows below the previous floor that
    // were deleted later went when they were deleted.
    private const string RemoveDeletedBelowFloorSql = """
        DELETE FROM journal WHERE revision > ?1 AND revision <= ?2
        AND sequence_nr <= (SELECT e.deleted_to FROM entities e WHERE e.persistence_id = journal.persistence_id);
        """;

    private readonly SqliteConnection _connection;
    private readonly sqlite3 _db;
    private readonly SqliteJournalSettings _settings;
    private readonly LiveEventFeed _feed;
    private readonly object _gate = new();
    private readonly Queue<WriterOperation> _queue = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, EntityPosition> _entities = new(StringComparer.Ordinal);
    private readonly List<AppendOperation> _batch = [];
    private readonly List<AppendOperation> _accepted = [];

    private readonly SqliteStatement _begin;
    private readonly SqliteStatement _commit;
    private readonly SqliteStatement _rollback;
    private readonly SqliteStatement _insert;
    private readonly SqliteStatement _saveEntity;
    private readonly SqliteStatement _loadEntity;
    private readonly SqliteStatement _markDeleted;
    private readonly SqliteStatement _removeDeletedOfEntity;
    private readonly SqliteStatement _setFloor;
    private readonly SqliteStatement _removeDeletedBelowFloor;
    private readonly SqliteStatement _maxRevision;
    private readonly SqliteStatement _storedFloor;

    private long _head;
    private long _commits;
    private long _eventsCommitted;
    private long _compacted;
    private long _persistedFloor;

    /// <summary>Who holds the connection now; guarded by <see cref="_gate"/>.</summary>
    private Holder _holder;

    /// <summary>Set by <see cref="StopAsync"/>: nothing new is accepted, the thread drains the queue and closes.</summary>
    private bool _stopping;

    private enum Holder
    {
        None,
        WriterThread,
        Caller,
    }

    public SqliteJournalWriter(
        SqliteConnection connection, SqliteJournalSettings settings, LiveEventFeed feed)
    {
        _connection = connection;
        _db = connection.Handle!;
        _settings = settings;
        _feed = feed;
        try
        {
            _begin = new SqliteStatement(_db, "BEGIN IMMEDIATE;");
            _commit = new SqliteStatement(_db, "COMMIT;");
            _rollback = new SqliteStatement(_db, "ROLLBACK;");
            _insert = new SqliteStatement(_db, InsertSql);
            _saveEntity = new SqliteStatement(_db, SaveEntitySql);
            _loadEntity = new SqliteStatement(_db, SqliteSchema.EntitySql);
            _markDeleted = new SqliteStatement(_db, MarkDeletedSql);
            _removeDeletedOfEntity = new SqliteStatement(_db, RemoveDeletedOfEntitySql);
            _setFloor = new SqliteStatement(_db, SetFloorSql);
            _removeDeletedBelowFloor = new SqliteStatement(_db, RemoveDeletedBelowFloorSql);
            _maxRevision = new SqliteStatement(_db, "SELECT max(revision) FROM journal;");
            _storedFloor = new SqliteStatement(
                _db, "SELECT value FROM journal_state WHERE key = '" + SqliteSchema.CompactedRevisionKey + "';");
            LoadHead();
        }
        catch
        {
            DisposeStatements();
            throw;
        }

        var thread = new Thread(Run) { IsBackground = true, Name = "sqlite-journal-writer" };
        thread.Start();
    }

    /// <summary>The revision of the last committed event.</summary>
    public long HeadRevision => Interlocked.Read(ref _head);

    public long CompactedRevision => Interlocked.Read(ref _compacted);

    public SqliteJournalStatistics Statistics => new(Interlocked.Read(ref _commits), Interlocked.Read(ref _eventsCommitted));

    /// <summary>Queues work for the writer; false once the journal is being disposed.</summary>
    public bool TryEnqueue(WriterOperation operation)
    {
        lock (_gate)
        {
            return TryEnqueueLocked(operation);
        }
    }

    /// <summary>
    /// Commits <paramref name="append"/> on the calling thread if nothing else is queued or being
    /// written; otherwise queues it for the writer thread's next group commit. False once the journal
    /// is being disposed.
    /// </summary>
    public bool TrySubmit(AppendOperation append) => TrySubmit([append]);

    /// <summary>
    /// Commits <paramref name="appends"/> together on the calling thread if nothing else is queued or
    /// being written (the journal plugin hands over everything that arrived during the last commit);
    /// otherwise queues them, in order, for the writer thread's next group commit. False once the
    /// journal is being disposed.
    /// </summary>
    public bool TrySubmit(IReadOnlyList<AppendOperation> appends)
    {
        lock (_gate)
        {
            if (_stopping || _holder != Holder.None || _queue.Count > 0)
            {
                foreach (var append in appends)
                {
                    if (!TryEnqueueLocked(append))
                    {
                        return false;
                    }
                }

                return true;
            }

            _holder = Holder.Caller;
        }

        try
        {
            _batch.AddRange(appends);
            Process(appends[0]);
        }
        finally
        {
            lock (_gate)
            {
                _holder = Holder.None;
                if (_queue.Count > 0 || _stopping)
                {
                    Monitor.Pulse(_gate);
                }
            }
        }

        return true;
    }

    /// <summary>Lets the writer finish what is queued, then closes its connection.</summary>
    public Task StopAsync()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.Pulse(_gate);
        }

        return _stopped.Task;
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private bool TryEnqueueLocked(WriterOperation operation)
    {
        if (_stopping)
        {
            return false;
        }

        _queue.Enqueue(operation);
        if (_holder == Holder.None)
        {
            Monitor.Pulse(_gate);
        }

        return true;
    }

    private void LoadHead()
    {
        _persistedFloor = _storedFloor.ExecuteScalar();
        Interlocked.Exchange(ref _compacted, Math.Max(_compacted, _persistedFloor));

        // Compaction can remove the newest rows too (when they were deleted), so the floor bounds the head.
        Interlocked.Exchange(ref _head, Math.Max(_maxRevision.ExecuteScalar(), _persistedFloor));
    }

    private void Run()
    {
        try
        {
            while (TakeNext() is { } operation)
            {
                Process(operation);
            }

            try
            {
                PersistFloor();
            }
            catch (SqliteException)
            {
                // The floor is advisory until stored: after a restart it is simply lower, and nothing was removed above it.
            }
        }
        finally
        {
            Close();
            _stopped.TrySetResult();
        }
    }

    /// <summary>
    /// Waits until there is work and nobody else holds the connection, then takes the next operation;
    /// for an append, also every append queued behind it that fits the batch. Null once stopping and drained.
    /// </summary>
    private WriterOperation? TakeNext()
    {
        lock (_gate)
        {
            while (true)
            {
                if (_holder != Holder.Caller && _queue.Count > 0)
                {
                    break;
                }

                if (_holder == Holder.WriterThread)
                {
                    _holder = Holder.None;
                }

                if (_holder == Holder.None && _stopping)
                {
                    return null;
                }

                Monitor.Wait(_gate);
            }

            _holder = Holder.WriterThread;
            var operation = _queue.Dequeue();
            if (operation is AppendOperation first)
            {
                _batch.Add(first);
                var rows = first.Events.Count;
                while (_queue.TryPeek(out var next) && next is AppendOperation append && rows + append.Events.Count <= _settings.MaxBatchSize)
                {
                    _batch.Add(append);
                    rows += append.Events.Count;
                    _queue.Dequeue();
                }
            }

            return operation;
        }
    }

    /// <summary>Runs one operation (an append's batch is already in <see cref="_batch"/>) on the connection.</summary>
    private void Process(WriterOperation operation)
    {
        try
        {
            switch (operation)
            {
                case AppendOperation:
                    CommitAppends();
                    break;
                case DeleteOperation delete:
                    Delete(delete);
                    break;
                case CompactOperation compact:
                    Compact(compact);
                    break;
            }
        }
        catch (Exception ex)
        {
            // Nothing may leave a caller waiting forever, whatever went wrong; and positions
            // taken tentatively for the failed batch must not outlive it.
            _entities.Clear();
            operation.TrySetException(ex);
            foreach (var pending in _batch)
            {
                pending.TrySetException(ex);
            }
        }
        finally
        {
            _batch.Clear();
        }
    }

    private void CommitAppends()
    {
        if (_entities.Count >= _settings.EntityCacheCapacity)
        {
            _entities.Clear();
        }

        // Check each write against the highest sequence nr, counting the writes accepted earlier in
        // this same batch, and give the accepted ones their revisions.
        var revision = _head;
        _accepted.Clear();
        foreach (var append in _batch)
        {
            if (append.CancellationToken.IsCancellationRequested)
            {
                append.TrySetCanceled(append.CancellationToken);
                continue;
            }

            var position = Position(append.PersistenceId);
            if (position.HighestSequenceNr != append.ExpectedSequenceNr)
            {
                append.TrySetException(new JournalConflictException(
                    append.PersistenceId, append.ExpectedSequenceNr, position.HighestSequenceNr));
                continue;
            }

            append.PreviousRevision = position.LastRevision;
            append.FirstRevision = revision + 1;
            revision += append.Events.Count;
            _entities[append.PersistenceId] = new EntityPosition(position.HighestSequenceNr + append.Events.Count, revision);
            _accepted.Add(append);
        }

        if (_accepted.Count == 0)
        {
            return;
        }

        var timestamp = DateTimeOffset.UtcNow;
        try
        {
            _begin.Execute();
            _insert.Bind(5, timestamp.UtcTicks);
            foreach (var append in _accepted)
            {
                _insert.Bind(2, append.PersistenceId);
                var events = append.Events;
                for (var i = 0; i < events.Count; i++)
                {
                    var e = events[i];
                    var revisionOfEvent = append.FirstRevision + i;
                    _insert.Bind(1, revisionOfEvent);
                    _insert.Bind(3, append.ExpectedSequenceNr + 1 + i);
                    _insert.Bind(4, i == 0 ? append.PreviousRevision : revisionOfEvent - 1);
                    _insert.Bind(6, e.Manifest);
                    _insert.Bind(7, e.Payload);
                    _insert.Execute();
                }

                _saveEntity.Bind(1, append.PersistenceId);
                _saveEntity.Bind(2, append.ExpectedSequenceNr + events.Count);
                _saveEntity.Bind(3, append.FirstRevision + events.Count - 1);
                _saveEntity.Execute();
            }

            _commit.Execute();
            Interlocked.Increment(ref _commits);
            Interlocked.Add(ref _eventsCommitted, revision - _head);
        }
        catch (Exception ex)
        {
            // Nothing of the batch is visible: roll back, forget the tentative sequence nrs and
            // fail every caller of the batch.
            RollBack();
            foreach (var append in _accepted)
            {
                append.TrySetException(ex);
            }

            return;
        }

        Interlocked.Exchange(ref _head, revision);
        foreach (var append in _accepted)
        {
            append.TrySetResult(new RevisionRange(append.FirstRevision, append.Events.Count));
        }

        AutoCompact();

        // The head was raised with a full fence before reading the subscriber list: see LiveEventFeed.Subscribe.
        if (_feed.HasSubscribers)
        {
            _feed.Publish(Envelopes(revision - _accepted[0].FirstRevision + 1, timestamp));
        }
    }

    private StoredEvent[] Envelopes(long count, DateTimeOffset timestamp)
    {
        var envelopes = new StoredEvent[count];
        var index = 0;
        foreach (var append in _accepted)
        {
            var events = append.Events;
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                envelopes[index++] = new StoredEvent(
                    append.PersistenceId, append.ExpectedSequenceNr + 1 + i, append.FirstRevision + i, e.Manifest, e.Payload, timestamp)
                {
                    Local = e.Local,
                };
            }
        }

        return envelopes;
    }

    private EntityPosition Position(string persistenceId)
    {
        if (_entities.TryGetValue(persistenceId, out var cached))
        {
            return cached;
        }

        var stored = default(EntityPosition);
        _loadEntity.Bind(1, persistenceId);
        try
        {
            if (_loadEntity.Step())
            {
                stored = new EntityPosition(_loadEntity.Int64(0), _loadEntity.Int64(1));
            }
        }
        finally
        {
            _loadEntity.Reset();
        }

        _entities[persistenceId] = stored;
        return stored;
    }

    private void Delete(DeleteOperation delete)
    {
        if (delete.CancellationToken.IsCancellationRequested)
        {
            delete.TrySetCanceled(delete.CancellationToken);
            return;
        }

        var position = Position(delete.PersistenceId);
        var to = Math.Min(delete.ToSequenceNr, position.HighestSequenceNr);
        if (to > 0)
        {
            RunInTransaction(() =>
            {
                _markDeleted.Bind(1, delete.PersistenceId);
                _markDeleted.Bind(2, to);
                _markDeleted.Execute();

                // Rows already below the floor are not needed by the global stream any more.
                if (_persistedFloor > 0)
                {
                    _removeDeletedOfEntity.Bind(1, position.LastRevision);
                    _removeDeletedOfEntity.Bind(2, to);
                    _removeDeletedOfEntity.Bind(3, _persistedFloor);
                    _removeDeletedOfEntity.Execute();
                }
            });
        }

        delete.TrySetResult([]);
    }

    private void Compact(CompactOperation compact)
    {
        if (compact.CancellationToken.IsCancellationRequested)
        {
            compact.TrySetCanceled(compact.CancellationToken);
            return;
        }

        if (compact.Revision > _compacted)
        {
            // Raised before rows go, so a reader that could miss removed rows sees the new floor.
            Interlocked.Exchange(ref _compacted, compact.Revision);
        }

        PersistFloor();
        compact.TrySetResult([]);
    }

    private void AutoCompact()
    {
        var retention = _settings.AutoCompactRetention;
        if (retention <= 0 || _head - retention <= _compacted)
        {
            return;
        }

        Interlocked.Exchange(ref _compacted, _head - retention);

        // The floor moves with every commit; removing rows waits until a good share of the window has passed.
        if (_compacted - _persistedFloor >= Math.Max(1, retention / 4))
        {
            try
            {
                PersistFloor();
            }
            catch (SqliteException)
            {
                // Rows stay until the next attempt; the in-memory floor already protects readers.
            }
        }
    }

    /// <summary>Stores the floor and removes deleted events below it, in one transaction so a restart never sees holes above a stored floor.</summary>
    private void PersistFloor()
    {
        var floor = _compacted;
        if (floor <= _persistedFloor)
        {
            return;
        }

        RunInTransaction(() =>
        {
            _setFloor.Bind(1, floor);
            _setFloor.Execute();
            _removeDeletedBelowFloor.Bind(1, _persistedFloor);
            _removeDeletedBelowFloor.Bind(2, floor);
            _removeDeletedBelowFloor.Execute();
        });
        _persistedFloor = floor;
    }

    private void RunInTransaction(Action work)
    {
        try
        {
            _begin.Execute();
            work();
            _commit.Execute();
        }
        catch
        {
            RollBack();
            throw;
        }
    }

    private void RollBack()
    {
        try
        {
            if (raw.sqlite3_get_autocommit(_db) == 0)
            {
                _rollback.Execute();
            }
        }
        finally
        {
            _entities.Clear();

            // A failed commit may still have reached the file (an fsync error after the write): trust the file.
            try
            {
                LoadHead();
            }
            catch (SqliteException)
            {
                // Keep the head in memory; the next batch fails the same way and tries again.
            }
        }
    }

    private void Close()
    {
        DisposeStatements();
        _connection.Dispose();
    }

    private void DisposeStatements()
    {
        // Null while the constructor is still preparing them.
        foreach (var statement in (SqliteStatement?[])[
            _begin, _commit, _rollback, _insert, _saveEntity, _loadEntity, _markDeleted,
            _removeDeletedOfEntity, _setFloor, _removeDeletedBelowFloor, _maxRevision, _storedFloor])
        {
            statement?.Dispose();
        }
    }
}
