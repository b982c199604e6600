namespace Orchestrator.Persistence.Snapshots;

/// <summary>A snapshot store in memory for unit tests of actors.</summary>
public sealed class InMemorySnapshotStore : ISnapshotStore
{
    private volatile bool _disposed;

    public InMemorySnapshotStore()
        : this(new InMemorySnapshotStorage())
    {
    }

    public InMemorySnapshotStore(InMemorySnapshotStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        Storage = storage;
    }

    public InMemorySnapshotStorage Storage { get; }

    public Task SaveAsync(SnapshotMetadata metadata, SerializedEvent snapshot, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentException.ThrowIfNullOrEmpty(metadata.PersistenceId);
        ArgumentNullException.ThrowIfNull(snapshot.Manifest);
        ArgumentNullException.ThrowIfNull(snapshot.Payload);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var copy = new SelectedSnapshot(metadata, snapshot with { Payload = snapshot.Payload.ToArray() });
        lock (Storage.Gate)
        {
            if (!Storage.Snapshots.TryGetValue(metadata.PersistenceId, out var snapshots))
            {
                snapshots = [];
                Storage.Snapshots.Add(metadata.PersistenceId, snapshots);
            }

            snapshots[metadata.SequenceNr] = copy;
        }

        return Task.CompletedTask;
    }

    public Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        ArgumentNullException.ThrowIfNull(criteria);
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (Storage.Gate)
        {
            if (Storage.Snapshots.TryGetValue(persistenceId, out var snapshots))
            {
                for (var i = snapshots.Count - 1; i >= 0; i--)
                {
                    var candidate = snapshots.GetValueAtIndex(i);
                    if (criteria.Matches(candidate.Metadata))
                    {
                        return Task.FromResult<SelectedSnapshot?>(candidate);
                    }
                }
            }
        }

        return Task.FromResult<SelectedSnapshot?>(null);
    }

    public Task DeleteAsync(SnapshotMetadata metadata, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (Storage.Gate)
        {
            if (Storage.Snapshots.TryGetValue(metadata.PersistenceId, out var snapshots))
            {
                snapshots.Remove(metadata.SequenceNr);
            }
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        ArgumentNullException.ThrowIfNull(criteria);
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (Storage.Gate)
        {
            if (Storage.Snapshots.TryGetValue(persistenceId, out var snapshots))
            {
                foreach (var sequenceNr in snapshots.Values.Where(s => criteria.Matches(s.Metadata)).Select(s => s.Metadata.SequenceNr).ToList())
                {
                    snapshots.Remove(sequenceNr);
                }
            }
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        return ValueTask.CompletedTask;
    }
}
