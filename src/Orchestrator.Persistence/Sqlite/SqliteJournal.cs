using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Orchestrator.Persistence.Journal;

namespace Orchestrator.Persistence.Sqlite;

/// <summary>
/// The embedded journal: one SQLite database file in WAL mode, durable commits, group commit through
/// a single writer thread, reads on their own connections, live subscriptions fed after each commit.
/// Open one per file per process; the snapshot store may share the file.
/// </summary>
public sealed class SqliteJournal : IJournal
{
    private const int PageSize = 256;

    private readonly SqliteJournalSettings _settings;
    private readonly LiveEventFeed _feed;
    private readonly SqliteJournalWriter _writer;
    private readonly SqliteReadConnectionPool _readers;
    private readonly SqliteJournalLock _lock;
    private int _disposed;

    /// <exception cref="JournalCorruptException">The file is damaged or is not a journal; it was not changed.</exception>
    /// <exception cref="IOException">Another journal has the file open.</exception>
    public SqliteJournal(SqliteJournalSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _settings = settings;
        Path = System.IO.Path.GetFullPath(settings.Path);
        _feed = new LiveEventFeed(settings.SubscriberBufferCapacity);
        _lock = SqliteJournalLock.Acquire(Path);
        SqliteConnection? connection = null;
        try
        {
            connection = SqliteDatabase.OpenPrimary(settings, Path);
            _writer = new SqliteJournalWriter(connection, settings, _feed);
        }
        catch (SqliteException ex) when (SqliteDatabase.IsCorruption(ex))
        {
            connection?.Dispose();
            _lock.Dispose();
            throw new JournalCorruptException(Path, ex);
        }
        catch
        {
            connection?.Dispose();
            _lock.Dispose();
            throw;
        }

        _readers = new SqliteReadConnectionPool(settings, Path);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    public long CompactedRevision => _writer.CompactedRevision;

    /// <summary>What group commit has done since the journal was opened.</summary>
    public SqliteJournalStatistics Statistics => _writer.Statistics;

    public Task<IReadOnlyList<long>> WriteAsync(
        string persistenceId,
        long expectedSequenceNr,
        IReadOnlyList<SerializedEvent> events,
        CancellationToken ct = default)
    {
        ThrowIfDisposed();
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

        var append = new AppendOperation(persistenceId, expectedSequenceNr, events, ct);
        ObjectDisposedException.ThrowIf(!_writer.TrySubmit(append), this);
        return append.Task;
    }

    public IReadOnlyList<Task<IReadOnlyList<long>>> WriteAll(IReadOnlyList<JournalWrite> writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ThrowIfDisposed();
        var tasks = new Task<IReadOnlyList<long>>[writes.Count];
        var appends = new List<AppendOperation>(writes.Count);
        for (var i = 0; i < writes.Count; i++)
        {
            var (persistenceId, expectedSequenceNr, events) = writes[i];
            if (WriteValidation.Validate(persistenceId, expectedSequenceNr, events, _settings.MaxEventSize) is { } tooLarge)
            {
                tasks[i] = Task.FromException<IReadOnlyList<long>>(tooLarge);
            }
            else if (events.Count == 0)
            {
                tasks[i] = Task.FromResult<IReadOnlyList<long>>([]);
            }
            else
            {
                var append = new AppendOperation(persistenceId, expectedSequenceNr, events, CancellationToken.None);
                appends.Add(append);
                tasks[i] = append.Task;
            }
        }

        if (appends.Count > 0)
        {
            ObjectDisposedException.ThrowIf(!_writer.TrySubmit(appends), this);
        }

        return tasks;
    }

    /// <remarks>
    /// An entity's events are found by walking back from its newest event, so a read costs in proportion
    /// to the events from <paramref name="fromSequenceNr"/> to the newest: recovery from a snapshot reads
    /// only the tail it needs.
    /// </remarks>
    public async IAsyncEnumerable<StoredEvent> ReadAsync(
        string persistenceId,
        long fromSequenceNr,
        long toSequenceNr,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        ct.ThrowIfCancellationRequested();

        // One walk of the entity's chain finds every revision (8 bytes each); the events are then read in pages.
        List<long> revisions = [];
        Read(connection => revisions = connection.EntityRevisions(persistenceId, Math.Max(fromSequenceNr, 1), toSequenceNr));
        var page = new List<StoredEvent>(Math.Min(PageSize, revisions.Count));
        for (var start = 0; start < revisions.Count; start += PageSize)
        {
            if (start > 0)
            {
                await Task.Yield();
            }

            ct.ThrowIfCancellationRequested();
            page.Clear();
            Read(connection => connection.Fetch(persistenceId, revisions, start, Math.Min(PageSize, revisions.Count - start), page));
            foreach (var e in page)
            {
                yield return e;
            }
        }
    }

    public Task<long> HighestSequenceNrAsync(string persistenceId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        long highest = 0;
        Read(connection => highest = connection.HighestSequenceNr(persistenceId));
        return Task.FromResult(highest);
    }

    public Task DeleteAsync(string persistenceId, long toSequenceNr, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        ThrowIfDisposed();
        var delete = new DeleteOperation(persistenceId, toSequenceNr, ct);
        Enqueue(delete);
        return delete.Task;
    }

    public async IAsyncEnumerable<StoredEvent> ReadAllAsync(
        long fromRevision,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        ThrowIfDisposed();
        var next = WriteValidation.FirstReadableRevision(fromRevision, _writer.CompactedRevision);

        // The committed head, read once: the stream ends where the journal stood when it started.
        var head = _writer.HeadRevision;
        var page = new List<StoredEvent>(PageSize);
        while (next <= head)
        {
            ct.ThrowIfCancellationRequested();
            page.Clear();
            Read(connection => connection.ReadAll(next, head, PageSize, page));

            // Compaction raises the floor before it removes rows: if it reached this page, the page may have holes.
            var floor = _writer.CompactedRevision;
            if (next <= floor)
            {
                throw new RevisionCompactedException(next, floor);
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

    public async IAsyncEnumerable<StoredEvent> ReadRetainedAsync(
        long toRevision,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        ThrowIfDisposed();
        var head = Math.Min(toRevision, _writer.HeadRevision);
        var next = 1L;
        var page = new List<StoredEvent>(PageSize);
        while (next <= head)
        {
            ct.ThrowIfCancellationRequested();
            page.Clear();
            Read(connection => connection.ReadAll(next, head, PageSize, page));
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
        ThrowIfDisposed();
        return JournalSubscription.SubscribeAsync(ReadAllAsync, _feed, fromRevision, ct);
    }

    public Task<long> HighestRevisionAsync(CancellationToken ct = default)
    {
        ThrowIfDisposed();
        return Task.FromResult(_writer.HeadRevision);
    }

    public Task CompactAsync(long revision, CancellationToken ct = default)
    {
        ThrowIfDisposed();

        // The head only grows, so a revision at or below it now stays valid until the writer runs this.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(revision, _writer.HeadRevision);
        var compact = new CompactOperation(revision, ct);
        Enqueue(compact);
        return compact.Task;
    }

    /// <summary>Commits what is already queued, then closes the file; live subscriptions end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _writer.DisposeAsync().ConfigureAwait(false);
        _feed.Complete();
        _readers.Dispose();
        _lock.Dispose();
    }

    private void Enqueue(WriterOperation operation)
    {
        ObjectDisposedException.ThrowIf(!_writer.TryEnqueue(operation), this);
    }

    private void Read(Action<SqliteReadConnection> read)
    {
        ThrowIfDisposed();
        var connection = _readers.Rent();
        try
        {
            read(connection);
        }
        catch (SqliteException ex) when (SqliteDatabase.IsCorruption(ex))
        {
            connection.Dispose();
            connection = null;
            throw new JournalCorruptException(Path, ex);
        }
        finally
        {
            if (connection is not null)
            {
                _readers.Return(connection);
            }
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
