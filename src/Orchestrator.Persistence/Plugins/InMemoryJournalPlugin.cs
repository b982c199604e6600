using Akka.Configuration;
using Orchestrator.Hocon;
using Config = Akka.Configuration.Config;
using Orchestrator.Persistence.Journal;

namespace Orchestrator.Persistence.Plugins;

/// <summary>
/// The in-memory journal as an Akka.Persistence plugin (<c>akka.persistence.journal.memory</c>), for
/// tests: the SQLite journal's semantics, global order and live stream, without a file.
/// </summary>
public sealed class InMemoryJournalPlugin : JournalPlugin, IJournalStoreFactory
{
    public static IJournal OpenStore(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new InMemoryJournal(new InMemoryJournalStorage(), new InMemoryJournalSettings
        {
            MaxEventSize = checked((int)config.GetSize("max-event-size")),
        });
    }
}
