using Orchestrator.Persistence.Snapshots;

namespace Orchestrator.Persistence.Tests.Snapshots;

/// <summary>The snapshot store contract for the in-memory store: reopening is a new store over the same storage.</summary>
public sealed class InMemorySnapshotStoreSpec : SnapshotStoreSpec
{
    private readonly InMemorySnapshotStorage _storage = new();

    protected override ISnapshotStore CreateStore() => new InMemorySnapshotStore(_storage);
}
