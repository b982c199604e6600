using System.Globalization;
using Microsoft.Data.Sqlite;
using Orchestrator.Persistence.Journal;

namespace Orchestrator.Persistence.Sqlite;

/// <summary>Opens connections to the journal file with the same pragmas everywhere, and tells damage from other errors.</summary>
internal static class SqliteDatabase
{
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    public static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,

        // The journal keeps its own connections; a pooled one would keep the file open after dispose.
        Pooling = false,
    }.ToString();

    /// <summary>
    /// Opens the connection that initializes the file: checks it is a healthy database (without
    /// changing it), switches it to WAL and creates the tables.
    /// </summary>
    /// <exception cref="JournalCorruptException">The file is damaged or is not a SQLite database.</exception>
    public static SqliteConnection OpenPrimary(SqliteJournalSettings settings, string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var connection = new SqliteConnection(ConnectionString(path));
        try
        {
            connection.Open();
            Configure(connection, settings);
            if (settings.VerifyOnOpen)
            {
                // Before journal_mode, which would write to the file: a damaged file is left as found.
                var verdict = ExecuteText(connection, "PRAGMA quick_check(1);");
                if (!string.Equals(verdict, "ok", StringComparison.Ordinal))
                {
                    throw new JournalCorruptException(path, verdict ?? "quick_check returned nothing");
                }
            }

            var mode = ExecuteText(connection, "PRAGMA journal_mode = WAL;");
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"The journal database '{path}' could not be switched to WAL mode (it is in '{mode}').");
            }

            SqliteSchema.Ensure(connection, path);
            return connection;
        }
        catch (SqliteException ex) when (IsCorruption(ex))
        {
            connection.Dispose();
            throw new JournalCorruptException(path, ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens another connection to a file <see cref="OpenPrimary"/> already initialized.</summary>
    public static SqliteConnection OpenSecondary(SqliteJournalSettings settings, string path)
    {
        var connection = new SqliteConnection(ConnectionString(path));
        try
        {
            connection.Open();
            Configure(connection, settings);
            return connection;
        }
        catch (SqliteException ex) when (IsCorruption(ex))
        {
            connection.Dispose();
            throw new JournalCorruptException(path, ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static bool IsCorruption(SqliteException ex) =>
        (ex.SqliteErrorCode & 0xFF) is SqliteCorrupt or SqliteNotADatabase;

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    public static long ExecuteScalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, CultureInfo.InvariantCulture);
    }

    private static string? ExecuteText(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() as string;
    }

    private static void Configure(SqliteConnection connection, SqliteJournalSettings settings)
    {
        var busyMs = (long)settings.BusyTimeout.TotalMilliseconds;
        Execute(
            connection,
            $"PRAGMA busy_timeout = {busyMs.ToString(CultureInfo.InvariantCulture)}; " +
            $"PRAGMA synchronous = {((int)settings.Synchronous).ToString(CultureInfo.InvariantCulture)};");
    }
}
