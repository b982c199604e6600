using Microsoft.Data.Sqlite;

namespace Orchestrator.Persistence.Tests.Sqlite;

/// <summary>
/// Holds the database's write lock from a connection of its own, so the journal's writer blocks on it
/// and the writes queued meanwhile go into one group commit when it is released.
/// </summary>
public sealed class SqliteWriteLock : IDisposable
{
    private readonly SqliteConnection _connection;
    private SqliteTransaction? _transaction;

    public SqliteWriteLock(string path)
    {
        _connection = new SqliteConnection($"Data Source={path};Pooling=False");
        _connection.Open();
    }

    public void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        command.ExecuteNonQuery();
    }

    public void Hold() => _transaction = _connection.BeginTransaction(deferred: false);

    public void Release()
    {
        _transaction?.Rollback();
        _transaction?.Dispose();
        _transaction = null;
    }

    public void Dispose()
    {
        Release();
        _connection.Dispose();
    }
}
