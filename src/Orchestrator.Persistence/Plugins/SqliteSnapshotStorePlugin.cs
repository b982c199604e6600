using Akka.Configuration;
using Orchestrator.Persistence.Sqlite;

namespace Orchestrator.Persistence.Plugins;

/// <summary>
/// Snapshots in a SQLite file of their own (<c>akka.persistence.snapshot-store.sqlite</c>): never the
/// journal's file, since two plugins writing one SQLite file fail on its lock (akka.net #3538).
/// </summary>
public sealed class SqliteSnapshotStorePlugin(Config config) : SnapshotStorePlugin(new SqliteSnapshotStore(Settings(config)))
{
    private static SqliteJournalSettings Settings(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var path = config.GetString("path", "");
        if (string.IsNullOrEmpty(path))
        {
            throw new ConfigurationException("the SQLite snapshot store plugin needs a path");
        }

        return new SqliteJournalSettings(path)
        {
            Synchronous = Enum.Parse<SqliteSynchronousMode>(config.GetString("synchronous", "full"), ignoreCase: true),
        };
    }
}
