using Microsoft.Data.Sqlite;

namespace Orchestrator.Persistence.Sqlite;

/// <summary>
/// A connection for reads with its queries prepared once. WAL lets any number of these read a
/// consistent snapshot while the writer commits.
/// </summary>
internal sealed class SqliteReadConnection : IDisposable
{
    private const string ReadAllSql = """
        SELECT revision, persistence_id, sequence_nr, timestamp, manifest, payload FROM journal
        WHERE revision >= ?1 AND revision <= ?2 ORDER BY revision LIMIT ?3;
        """;

    // Consecutive revisions of one entity have no other entity's rows between them: a run is one range scan.
    private const string FetchSql =
        "SELECT revision, sequence_nr, timestamp, manifest, payload FROM journal WHERE revision >= ?1 AND revision <= ?2;";

    private readonly SqliteConnection _connection;
    private readonly SqliteStatement _entity;
    private readonly SqliteStatement _walk;
    private readonly SqliteStatement _fetch;
    private readonly SqliteStatement _readAll;
    private readonly Utf8StringCache _strings = new();

    public SqliteReadConnection(SqliteJournalSettings settings, string path)
    {
        _connection = SqliteDatabase.OpenSecondary(settings, path);
        var db = _connection.Handle!;
        _entity = new SqliteStatement(db, SqliteSchema.EntitySql);
        _walk = new SqliteStatement(db, SqliteSchema.WalkEntitySql);
        _fetch = new SqliteStatement(db, FetchSql);
        _readAll = new SqliteStatement(db, ReadAllSql);
    }

    /// <summary>The revisions of the entity's undeleted events from <paramref name="from"/> to <paramref name="to"/>, in order.</summary>
    public List<long> EntityRevisions(string persistenceId, long from, long to)
    {
        var revisions = new List<long>();
        long highest, last, deletedTo;
        _entity.Bind(1, persistenceId);
        try
        {
            if (!_entity.Step())
            {
                return revisions;
            }

            (highest, last, deletedTo) = (_entity.Int64(0), _entity.Int64(1), _entity.Int64(2));
        }
        finally
        {
            _entity.Reset();
        }

        var lowest = Math.Max(from, deletedTo + 1);
        if (lowest > Math.Min(to, highest))
        {
            return revisions;
        }

        _walk.Bind(1, last);
        _walk.Bind(2, lowest);
        _walk.Bind(3, to);
        try
        {
            while (_walk.Step())
            {
                revisions.Add(_walk.Int64(0));
            }
        }
        finally
        {
            _walk.Reset();
        }

        // The walk runs newest first; an entity's revisions grow with its sequence nrs.
        revisions.Reverse();
        return revisions;
    }

    /// <summary>Reads the events at <paramref name="count"/> of <paramref name="revisions"/> from <paramref name="start"/>.</summary>
    public void Fetch(string persistenceId, List<long> revisions, int start, int count, List<StoredEvent> page)
    {
        var end = start + count;
        for (var i = start; i < end;)
        {
            var first = revisions[i];
            var run = 1;
            while (i + run < end && revisions[i + run] == first + run)
            {
                run++;
            }

            _fetch.Bind(1, first);
            _fetch.Bind(2, first + run - 1);
            try
            {
                // A row deleted and compacted away since the walk is simply gone.
                while (_fetch.Step())
                {
                    page.Add(new StoredEvent(
                        persistenceId,
                        _fetch.Int64(1),
                        _fetch.Int64(0),
                        _fetch.Text(3, _strings),
                        _fetch.Blob(4),
                        new DateTimeOffset(_fetch.Int64(2), TimeSpan.Zero)));
                }
            }
            finally
            {
                _fetch.Reset();
            }

            i += run;
        }
    }

    /// <summary>Adds up to <paramref name="limit"/> events of the global stream in the revision range to <paramref name="page"/>.</summary>
    public void ReadAll(long from, long to, int limit, List<StoredEvent> page)
    {
        _readAll.Bind(1, from);
        _readAll.Bind(2, to);
        _readAll.Bind(3, limit);
        try
        {
            while (_readAll.Step())
            {
                page.Add(new StoredEvent(
                    _readAll.Text(1, _strings),
                    _readAll.Int64(2),
                    _readAll.Int64(0),
                    _readAll.Text(4, _strings),
                    _readAll.Blob(5),
                    new DateTimeOffset(_readAll.Int64(3), TimeSpan.Zero)));
            }
        }
        finally
        {
            _readAll.Reset();
        }
    }

    public long HighestSequenceNr(string persistenceId)
    {
        _entity.Bind(1, persistenceId);
        try
        {
            return _entity.Step() ? _entity.Int64(0) : 0;
        }
        finally
        {
            _entity.Reset();
        }
    }

    public void Dispose()
    {
        _entity.Dispose();
        _walk.Dispose();
        _fetch.Dispose();
        _readAll.Dispose();
        _connection.Dispose();
    }
}
