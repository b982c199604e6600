namespace Orchestrator.Persistence.Sqlite;

/// <summary>Raises the compaction floor and removes deleted events below it, run by the writer.</summary>
internal sealed class CompactOperation(long revision, CancellationToken ct) : WriterOperation(ct)
{
    public long Revision { get; } = revision;
}
