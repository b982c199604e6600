namespace Orchestrator.Persistence.Sqlite;

/// <summary>SQLite's PRAGMA synchronous: how hard a commit waits for the disk.</summary>
public enum SqliteSynchronousMode
{
    /// <summary>No fsync: an operating-system crash or power loss can lose or corrupt recent commits.</summary>
    Off = 0,

    /// <summary>In WAL mode, commits survive a process crash but the last ones may be lost on power loss.</summary>
    Normal = 1,

    /// <summary>Every commit is fsynced before it is acknowledged: durable across power loss.</summary>
    Full = 2,

    /// <summary>Like Full, and also syncs the directory after the WAL is reset.</summary>
    Extra = 3,
}
