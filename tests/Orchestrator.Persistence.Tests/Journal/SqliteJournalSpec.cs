using Orchestrator.Persistence.Journal;
using Orchestrator.Persistence.Sqlite;
using Orchestrator.Persistence.Tests.TestSupport;

namespace Orchestrator.Persistence.Tests.Journal;

/// <summary>The journal contract for the SQLite journal, with its default durable settings, over a file in a temp directory.</summary>
public sealed class SqliteJournalSpec : JournalSpec
{
    private readonly TempDirectory _directory = new();

    protected override IJournal CreateJournal(JournalSpecOptions options) =>
        new SqliteJournal(SqliteJournalSettings.ForDataDirectory(_directory.Path) with
        {
            MaxEventSize = options.MaxEventSize,
            AutoCompactRetention = options.AutoCompactRetention,
            SubscriberBufferCapacity = options.SubscriberBufferCapacity,
        });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}
