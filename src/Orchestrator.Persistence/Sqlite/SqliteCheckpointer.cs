using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Orchestrator.Persistence.Sqlite;

/// <summary>
/// Copies the WAL back into the database file on a thread of its own. Left to SQLite, the commit that
/// crosses the WAL size limit does the checkpoint itself, so every few megabytes one group of callers
/// waits for a file-sized copy and fsync; here the writer only asks, and keeps committing meanwhile.
/// A PASSIVE checkpoint never blocks the writer or readers.
/// </summary>
internal sealed class SqliteCheckpointer : IDisposable
{
    /// <summary>About SQLite's own default of 1,000 pages.</summary>
    public const long ThresholdBytes = 4 * 1024 * 1024;

    /// <summary>
    /// The writer's own automatic checkpoint stays on far beyond the threshold, so the WAL stays bounded
    /// even if this thread cannot keep up.
    /// </summary>
    public const int WriterAutoCheckpointPages = 16_384;

    private const int CheckpointPassive = 0;

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Thread _thread;
    private int _requested;
    private volatile bool _stopping;

    public SqliteCheckpointer(SqliteJournalSettings settings, string path)
    {
        _connection = SqliteDatabase.OpenSecondary(settings, path);
        _thread = new Thread(Run) { IsBackground = true, Name = "sqlite-journal-checkpointer" };
        _thread.Start();
    }

    /// <summary>Asks for a checkpoint; requests made while one is pending fold into it.</summary>
    public void Request()
    {
        if (Interlocked.Exchange(ref _requested, 1) == 0)
        {
            _signal.Release();
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _signal.Release();
        _thread.Join();
        _signal.Dispose();
        _connection.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            _signal.Wait();
            if (_stopping)
            {
                return;
            }

            Volatile.Write(ref _requested, 0);

            // A failure leaves the frames in the WAL for the next attempt (or the writer's own checkpoint).
            raw.sqlite3_wal_checkpoint_v2(_connection.Handle, null, CheckpointPassive, out _, out _);
        }
    }
}
