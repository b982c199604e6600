using System.Collections.Concurrent;

namespace Orchestrator.Persistence.Sqlite;

/// <summary>Keeps a few idle read connections so a read does not pay for opening one and preparing its queries.</summary>
internal sealed class SqliteReadConnectionPool(SqliteJournalSettings settings, string path) : IDisposable
{
    private readonly ConcurrentBag<SqliteReadConnection> _idle = [];
    private readonly int _maxIdle = Math.Max(2, Environment.ProcessorCount * 2);
    private volatile bool _disposed;

    public SqliteReadConnection Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _idle.TryTake(out var connection) ? connection : new SqliteReadConnection(settings, path);
    }

    public void Return(SqliteReadConnection connection)
    {
        if (_disposed || _idle.Count >= _maxIdle)
        {
            connection.Dispose();
            return;
        }

        _idle.Add(connection);

        // Dispose may have emptied the pool between the check and the add.
        if (_disposed && _idle.TryTake(out var late))
        {
            late.Dispose();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }
}
