using Akka.Configuration;
using Orchestrator.Persistence.Journal;

namespace Orchestrator.Persistence.Plugins;

/// <summary>A journal plugin class that can open its store from its HOCON section, for whoever needs the store first (the plugin or the read journal).</summary>
public interface IJournalStoreFactory
{
    static abstract IJournal OpenStore(Config config);
}
