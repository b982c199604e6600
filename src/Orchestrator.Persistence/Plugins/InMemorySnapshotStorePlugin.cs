using Orchestrator.Persistence.Snapshots;

namespace Orchestrator.Persistence.Plugins;

/// <summary>Snapshots in memory (<c>akka.persistence.snapshot-store.memory</c>), for tests.</summary>
public sealed class InMemorySnapshotStorePlugin() : SnapshotStorePlugin(new InMemorySnapshotStore());
