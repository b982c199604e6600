using Akka.Configuration;
using Orchestrator.Hocon;
using Config = Akka.Configuration.Config;
using Orchestrator.Persistence.Journal;
using Orchestrator.Persistence.Sqlite;

namespace Orchestrator.Persistence.Plugins;

/// <summary>
/// The embedded journal as an Akka.Persistence plugin (<c>akka.persistence.journal.sqlite</c> in
/// reference.conf): one SQLite file in WAL mode with durable commits.
/// </summary>
public sealed class SqliteJournalPlugin : JournalPlugin, IJournalStoreFactory
{
    public static IJournal OpenStore(Config config) => new SqliteJournal(Settings(config));

    /// <summary>The store's settings from the plugin's section: path, synchronous, max-event-size, max-batch-size, retain-revisions.</summary>
    public static SqliteJournalSettings Settings(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var path = config.GetString("path", "");
        if (string.IsNullOrEmpty(path))
        {
            throw new ConfigurationException("the SQLite journal plugin needs a path");
        }

        return new SqliteJournalSettings(path)
        {
            Synchronous = Enum.Parse<SqliteSynchronousMode>(config.GetString("synchronous", "full"), ignoreCase: true),
            MaxEventSize = checked((int)config.GetSize("max-event-size")),
            MaxBatchSize = config.GetInt("max-batch-size", 1000),
            AutoCompactRetention = config.GetLong("retain-revisions", 0),
        };
    }
}
