using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Orchestrator.Persistence.Sqlite;

/// <summary>
/// A statement prepared once and stepped many times through SQLite's C API: the writer's hot path
/// binds values directly, without the boxing and parameter objects of ADO.NET commands.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private const uint PreparePersistent = 0x01;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;

    public SqliteStatement(sqlite3 db, string sql)
    {
        _db = db;
        var rc = raw.sqlite3_prepare_v3(db, sql, PreparePersistent, out _stmt);
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_stmt, index, value));

    public void Bind(int index, string value) =>
        // An empty span would bind NULL, not an empty string.
        Check(value.Length == 0 ? raw.sqlite3_bind_text(_stmt, index, string.Empty) : raw.sqlite3_bind_text16(_stmt, index, value.AsSpan()));

    public void Bind(int index, ReadOnlySpan<byte> value) =>
        Check(value.IsEmpty ? raw.sqlite3_bind_zeroblob(_stmt, index, 0) : raw.sqlite3_bind_blob(_stmt, index, value));

    /// <summary>Runs a statement that returns no rows.</summary>
    public void Execute()
    {
        var rc = raw.sqlite3_step(_stmt);
        if (rc is not raw.SQLITE_DONE and not raw.SQLITE_ROW)
        {
            Fail(rc);
        }

        raw.sqlite3_reset(_stmt);
    }

    /// <summary>Runs a statement returning one integer (0 when it returns no row or NULL).</summary>
    public long ExecuteScalar()
    {
        var rc = raw.sqlite3_step(_stmt);
        if (rc is not raw.SQLITE_DONE and not raw.SQLITE_ROW)
        {
            Fail(rc);
        }

        var value = rc == raw.SQLITE_ROW ? raw.sqlite3_column_int64(_stmt, 0) : 0;
        raw.sqlite3_reset(_stmt);
        return value;
    }

    /// <summary>Steps a query: true when a row is ready to read, false when done. Call <see cref="Reset"/> after the last row.</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_stmt);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc != raw.SQLITE_DONE)
        {
            Fail(rc);
        }

        return false;
    }

    public void Reset() => raw.sqlite3_reset(_stmt);

    public long Int64(int column) => raw.sqlite3_column_int64(_stmt, column);

    public string Text(int column) => raw.sqlite3_column_text(_stmt, column).utf8_to_string() ?? string.Empty;

    /// <summary>A text column's string, through <paramref name="cache"/> so repeated values are not decoded again.</summary>
    public string Text(int column, Utf8StringCache cache) => cache.Get(raw.sqlite3_column_blob(_stmt, column));

    public byte[] Blob(int column) => raw.sqlite3_column_blob(_stmt, column).ToArray();

    public void Dispose() => _stmt.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            Fail(rc);
        }
    }

    private void Fail(int rc)
    {
        // Build the exception before reset, which would replace the error message.
        SqliteException? failure = null;
        try
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
        catch (SqliteException ex)
        {
            failure = ex;
        }

        raw.sqlite3_reset(_stmt);
        throw failure ?? new SqliteException($"SQLite error {rc}", rc);
    }
}
