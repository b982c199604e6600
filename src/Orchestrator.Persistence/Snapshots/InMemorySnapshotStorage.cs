namespace Orchestrator.Persistence.Snapshots;

/// <summary>What an <see cref="InMemorySnapshotStore"/> stores, kept apart so a new store can reopen it.</summary>
public sealed class InMemorySnapshotStorage
{
    internal Lock Gate { get; } = new();

    /// <summary>Each entity's snapshots, ordered by sequence nr.</summary>
    internal Dictionary<string, SortedList<long, SelectedSnapshot>> Snapshots { get; } = new(StringComparer.Ordinal);
}
