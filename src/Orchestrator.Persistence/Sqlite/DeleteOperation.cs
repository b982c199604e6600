namespace Orchestrator.Persistence.Sqlite;

/// <summary>A logical delete of an entity's events up to a sequence nr, run by the writer in order with appends.</summary>
internal sealed class DeleteOperation(string persistenceId, long toSequenceNr, CancellationToken ct) : WriterOperation(ct)
{
    public string PersistenceId { get; } = persistenceId;

    public long ToSequenceNr { get; } = toSequenceNr;
}
