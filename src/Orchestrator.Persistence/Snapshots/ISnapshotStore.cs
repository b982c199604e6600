namespace Orchestrator.Persistence.Snapshots;

/// <summary>Stores an entity's snapshots so recovery can start from the latest instead of the first event.</summary>
public interface ISnapshotStore : IAsyncDisposable
{
    /// <summary>Saves a snapshot; one with the same entity and sequence nr is replaced.</summary>
    Task SaveAsync(SnapshotMetadata metadata, SerializedEvent snapshot, CancellationToken ct = default);

    /// <summary>The latest snapshot (highest sequence nr) matching <paramref name="criteria"/>, or null.</summary>
    Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken ct = default);

    /// <summary>Deletes the snapshot with this entity and sequence nr.</summary>
    Task DeleteAsync(SnapshotMetadata metadata, CancellationToken ct = default);

    /// <summary>Deletes every snapshot of the entity that matches <paramref name="criteria"/>.</summary>
    Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken ct = default);
}
