using Microsoft.Data.Sqlite;

namespace Orchestrator.Persistence.Sqlite;

/// <summary>The tables of the journal and the snapshot store, created together in one file.</summary>
internal static class SqliteSchema
{
    public const int Version = 1;

    public const string CompactedRevisionKey = "compacted_revision";

    // journal: revision is the rowid, so the global order is the table's own order, appends touch only
    // the last pages and reading the stream is a range scan. There is deliberately no index on
    // (persistence_id, sequence_nr): with many entities writing at once every event would dirty its own
    // 4 KiB index page, which measured at a third of the throughput. Instead each event points to its
    // entity's previous event ("previous", 0 for the first), and entities holds each entity's last
    // revision: a compact table whose few hot pages absorb a whole batch. Recovery walks the chain back
    // from the last revision, which is exactly the events after the latest snapshot.
    // entities also keeps the highest sequence nr and how far the entity was deleted, so both survive
    // compaction removing its rows. journal_state holds the compaction floor.
    private const string CreateSql = """
        CREATE TABLE IF NOT EXISTS journal (
            revision INTEGER PRIMARY KEY,
            persistence_id TEXT NOT NULL,
            sequence_nr INTEGER NOT NULL,
            previous INTEGER NOT NULL,
            timestamp INTEGER NOT NULL,
            manifest TEXT NOT NULL,
            payload BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS entities (
            persistence_id TEXT PRIMARY KEY,
            highest_sequence_nr INTEGER NOT NULL,
            last_revision INTEGER NOT NULL,
            deleted_to INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS journal_state (
            key TEXT PRIMARY KEY,
            value INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS snapshots (
            persistence_id TEXT NOT NULL,
            sequence_nr INTEGER NOT NULL,
            timestamp INTEGER NOT NULL,
            manifest TEXT NOT NULL,
            payload BLOB NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS snapshots_by_entity ON snapshots (persistence_id, sequence_nr);
        """;

    /// <summary>
    /// Walks an entity's chain back from revision ?1, stopping below sequence nr ?2 (or at a row compaction
    /// removed), and returns the revisions of the events from ?2 to ?3, newest first.
    /// </summary>
    public const string WalkEntitySql = """
        WITH RECURSIVE chain (revision, sequence_nr, previous) AS (
            SELECT revision, sequence_nr, previous FROM journal WHERE revision = ?1
            UNION ALL
            SELECT j.revision, j.sequence_nr, j.previous FROM chain c JOIN journal j ON j.revision = c.previous
            WHERE c.sequence_nr > ?2)
        SELECT revision FROM chain WHERE sequence_nr >= ?2 AND sequence_nr <= ?3;
        """;

    public const string EntitySql =
        "SELECT highest_sequence_nr, last_revision, deleted_to FROM entities WHERE persistence_id = ?1;";

    /// <summary>Creates the tables in a new file; refuses a file written by a newer schema.</summary>
    public static void Ensure(SqliteConnection connection, string path)
    {
        var version = SqliteDatabase.ExecuteScalar(connection, "PRAGMA user_version;");
        if (version == Version)
        {
            return;
        }

        if (version > Version)
        {
            throw new NotSupportedException(
                $"The journal database '{path}' has schema version {version}; this build reads up to {Version}.");
        }

        // IMMEDIATE: the journal and the snapshot store may open the same new file at the same time.
        using var transaction = connection.BeginTransaction(deferred: false);
        SqliteDatabase.Execute(connection, CreateSql + $"PRAGMA user_version = {Version};", transaction);
        transaction.Commit();
    }
}
