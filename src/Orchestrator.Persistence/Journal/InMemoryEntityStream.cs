namespace Orchestrator.Persistence.Journal;

/// <summary>One entity's events inside an <see cref="InMemoryJournalStorage"/>; deleted events are already removed.</summary>
internal sealed class InMemoryEntityStream
{
    public List<StoredEvent> Events { get; } = [];

    public long HighestSequenceNr { get; set; }

    public long DeletedTo { get; set; }
}
