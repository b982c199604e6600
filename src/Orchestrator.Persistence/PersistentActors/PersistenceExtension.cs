using Orchestrator.Actors;
using Orchestrator.Persistence.Journal;
using Orchestrator.Persistence.Serialization;
using Orchestrator.Persistence.Snapshots;

namespace Orchestrator.Persistence.PersistentActors;

/// <summary>
/// The journal, snapshot store and serializer the persistent actors of one actor system use
/// (Akka.Persistence's extension and its plugins). Register it once at start-up.
/// </summary>
public sealed class PersistenceExtension
{
    public PersistenceExtension(IJournal journal, ISnapshotStore snapshotStore, EventSerializer serializer)
    {
        Journal = journal;
        SnapshotStore = snapshotStore;
        Serializer = serializer;
    }

    public IJournal Journal { get; }

    public ISnapshotStore SnapshotStore { get; }

    public EventSerializer Serializer { get; }

    public static PersistenceExtension Register(ActorSystem system, IJournal journal, ISnapshotStore snapshotStore, EventSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(system);
        var extension = new PersistenceExtension(journal, snapshotStore, serializer);
        if (!system.RegisterExtension(extension))
        {
            throw new InvalidOperationException($"persistence is already registered for {system}");
        }

        return extension;
    }

    public static PersistenceExtension Get(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.GetExtension<PersistenceExtension>()
            ?? throw new InvalidOperationException($"no journal registered for {system}: call PersistenceExtension.Register at start-up");
    }
}
