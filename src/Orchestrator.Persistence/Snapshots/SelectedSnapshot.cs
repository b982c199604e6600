namespace Orchestrator.Persistence.Snapshots;

/// <summary>A snapshot loaded from a store.</summary>
public sealed record SelectedSnapshot(SnapshotMetadata Metadata, SerializedEvent Snapshot);
