using Orchestrator.Persistence.Snapshots;
using Orchestrator.Persistence.Sqlite;
using Orchestrator.Persistence.Tests.TestSupport;

namespace Orchestrator.Persistence.Tests.Snapshots;

/// <summary>The snapshot store contract for the SQLite store, in the journal's database file.</summary>
public sealed class SqliteSnapshotStoreSpec : SnapshotStoreSpec
{
    private readonly TempDirectory _directory = new();

    protected override ISnapshotStore CreateStore() => new SqliteSnapshotStore(SqliteJournalSettings.ForDataDirectory(_directory.Path));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}
