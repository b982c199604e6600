using Microsoft.Data.Sqlite;
using Orchestrator.Persistence.Journal;
using Orchestrator.Persistence.Snapshots;

namespace Orchestrator.Persistence.Sqlite;

/// <summary>
/// Snapshots in the SQLite journal's database file (or a file of their own). Snapshots are rare
/// and large, so one connection, used by one call at a time, is enough.
/// </summary>
public sealed class SqliteSnapshotStore : ISnapshotStore
{
    private const string SaveSql = """
        INSERT INTO snapshots (persistence_id, sequence_nr, timestamp, manifest, payload) VALUES ($id, $seq, $ts, $manifest, $payload)
        ON CONFLICT (persistence_id, sequence_nr) DO UPDATE
        SET timestamp = excluded.timestamp, manifest = excluded.manifest, payload = excluded.payload;
        """;

    private const string Matching =
        "persistence_id = $id AND sequence_nr BETWEEN $minSeq AND $maxSeq AND timestamp BETWEEN $minTs AND $maxTs";

    private const string LoadSql =
        "SELECT sequence_nr, timestamp, manifest, payload FROM snapshots WHERE " + Matching + " ORDER BY sequence_nr DESC LIMIT 1;";

    private const string DeleteMatchingSql = "DELETE FROM snapshots WHERE " + Matching + ";";

    private const string DeleteOneSql = "DELETE FROM snapshots WHERE persistence_id = $id AND sequence_nr = $seq;";

    private static readonly string[] CriteriaParameters = ["$id", "$minSeq", "$maxSeq", "$minTs", "$maxTs"];

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _save;
    private readonly SqliteCommand _load;
    private readonly SqliteCommand _deleteOne;
    private readonly SqliteCommand _deleteMatching;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _disposed;

    /// <exception cref="JournalCorruptException">The file is damaged or is not a journal database; it was not changed.</exception>
    public SqliteSnapshotStore(SqliteJournalSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        Path = System.IO.Path.GetFullPath(settings.Path);
        _connection = SqliteDatabase.OpenPrimary(settings, Path);
        _save = Command(SaveSql, "$id", "$seq", "$ts", "$manifest", "$payload");
        _load = Command(LoadSql, CriteriaParameters);
        _deleteOne = Command(DeleteOneSql, "$id", "$seq");
        _deleteMatching = Command(DeleteMatchingSql, CriteriaParameters);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    public async Task SaveAsync(SnapshotMetadata metadata, SerializedEvent snapshot, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentException.ThrowIfNullOrEmpty(metadata.PersistenceId);
        ArgumentNullException.ThrowIfNull(snapshot.Manifest);
        ArgumentNullException.ThrowIfNull(snapshot.Payload);
        await RunAsync(
            () =>
            {
                _save.Parameters[0].Value = metadata.PersistenceId;
                _save.Parameters[1].Value = metadata.SequenceNr;
                _save.Parameters[2].Value = metadata.Timestamp.UtcTicks;
                _save.Parameters[3].Value = snapshot.Manifest;
                _save.Parameters[4].Value = snapshot.Payload;
                return _save.ExecuteNonQuery();
            },
            ct).ConfigureAwait(false);
    }

    public Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        ArgumentNullException.ThrowIfNull(criteria);
        return RunAsync(
            () =>
            {
                SetCriteria(_load, persistenceId, criteria);
                using var reader = _load.ExecuteReader();
                if (!reader.Read())
                {
                    return null;
                }

                var metadata = new SnapshotMetadata(
                    persistenceId, reader.GetInt64(0), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero));
                return new SelectedSnapshot(metadata, new SerializedEvent(reader.GetString(2), (byte[])reader.GetValue(3)));
            },
            ct);
    }

    public async Task DeleteAsync(SnapshotMetadata metadata, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        await RunAsync(
            () =>
            {
                _deleteOne.Parameters[0].Value = metadata.PersistenceId;
                _deleteOne.Parameters[1].Value = metadata.SequenceNr;
                return _deleteOne.ExecuteNonQuery();
            },
            ct).ConfigureAwait(false);
    }

    public async Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        ArgumentNullException.ThrowIfNull(criteria);
        await RunAsync(
            () =>
            {
                SetCriteria(_deleteMatching, persistenceId, criteria);
                return _deleteMatching.ExecuteNonQuery();
            },
            ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_disposed)
            {
                _disposed = true;
                _save.Dispose();
                _load.Dispose();
                _deleteOne.Dispose();
                _deleteMatching.Dispose();
                _connection.Dispose();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static void SetCriteria(SqliteCommand command, string persistenceId, SnapshotSelectionCriteria criteria)
    {
        command.Parameters[0].Value = persistenceId;
        command.Parameters[1].Value = criteria.MinSequenceNr;
        command.Parameters[2].Value = criteria.MaxSequenceNr;
        command.Parameters[3].Value = criteria.MinTimestamp.UtcTicks;
        command.Parameters[4].Value = criteria.MaxTimestamp.UtcTicks;
    }

    /// <summary>A command kept for the store's lifetime: SQLite prepares it once, on first use.</summary>
    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    private async Task<T> RunAsync<T>(Func<T> work, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return work();
        }
        catch (SqliteException ex) when (SqliteDatabase.IsCorruption(ex))
        {
            throw new JournalCorruptException(Path, ex);
        }
        finally
        {
            _gate.Release();
        }
    }
}
