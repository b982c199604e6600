namespace Orchestrator.Persistence.Journal;

/// <summary>One compare-and-append: <paramref name="Events"/> follow <paramref name="ExpectedSequenceNr"/> of <paramref name="PersistenceId"/>, all or none.</summary>
public readonly record struct JournalWrite(string PersistenceId, long ExpectedSequenceNr, IReadOnlyList<SerializedEvent> Events);
