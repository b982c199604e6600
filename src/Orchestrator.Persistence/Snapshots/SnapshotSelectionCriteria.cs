namespace Orchestrator.Persistence.Snapshots;

/// <summary>Which snapshots a load or delete considers: sequence nr and timestamp both within their inclusive bounds.</summary>
public sealed record SnapshotSelectionCriteria(
    long MaxSequenceNr,
    DateTimeOffset MaxTimestamp,
    long MinSequenceNr = 0,
    DateTimeOffset MinTimestamp = default)
{
    /// <summary>Any snapshot; a load picks the latest.</summary>
    public static SnapshotSelectionCriteria Latest { get; } = new(long.MaxValue, DateTimeOffset.MaxValue);

    /// <summary>No snapshot at all: recovery replays every event.</summary>
    public static SnapshotSelectionCriteria None { get; } = new(0, DateTimeOffset.MinValue);

    public bool Matches(SnapshotMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.SequenceNr <= MaxSequenceNr
            && metadata.SequenceNr >= MinSequenceNr
            && metadata.Timestamp <= MaxTimestamp
            && metadata.Timestamp >= MinTimestamp;
    }
}
