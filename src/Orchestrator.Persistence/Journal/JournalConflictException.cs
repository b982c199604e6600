namespace Orchestrator.Persistence.Journal;

/// <summary>A write expected a different highest sequence nr: another writer appended first.</summary>
public sealed class JournalConflictException : Exception
{
    public JournalConflictException(string persistenceId, long expectedSequenceNr, long actualSequenceNr)
        : base($"Write to '{persistenceId}' expected sequence nr {expectedSequenceNr} but the journal is at {actualSequenceNr}.")
    {
        PersistenceId = persistenceId;
        ExpectedSequenceNr = expectedSequenceNr;
        ActualSequenceNr = actualSequenceNr;
    }

    public string PersistenceId { get; }

    public long ExpectedSequenceNr { get; }

    public long ActualSequenceNr { get; }
}
