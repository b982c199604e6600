namespace Orchestrator.Persistence.Sqlite;

/// <summary>A compare-and-append waiting for the writer's next group commit.</summary>
internal sealed class AppendOperation(
    string persistenceId,
    long expectedSequenceNr,
    IReadOnlyList<SerializedEvent> events,
    CancellationToken ct) : WriterOperation(ct)
{
    public string PersistenceId { get; } = persistenceId;

    public long ExpectedSequenceNr { get; } = expectedSequenceNr;

    public IReadOnlyList<SerializedEvent> Events { get; } = events;

    /// <summary>Assigned when the writer accepts the write into a batch.</summary>
    public long FirstRevision { get; set; }

    /// <summary>The revision of the entity's event before this write's first, 0 if none: the chain link.</summary>
    public long PreviousRevision { get; set; }
}
