namespace Orchestrator.Persistence.Sqlite;

/// <summary>
/// Work queued for the journal's single writer. It is its own completion source, so queuing a write
/// costs one object; continuations run asynchronously so callers' code never runs on the writer thread.
/// </summary>
internal abstract class WriterOperation(CancellationToken ct)
    : TaskCompletionSource<IReadOnlyList<long>>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public CancellationToken CancellationToken { get; } = ct;
}
