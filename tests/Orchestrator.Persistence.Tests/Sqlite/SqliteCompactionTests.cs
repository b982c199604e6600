using Microsoft.Data.Sqlite;
using Orchestrator.Persistence.Sqlite;
using Orchestrator.Persistence.Tests.TestSupport;
using Xunit;

namespace Orchestrator.Persistence.Tests.Sqlite;

/// <summary>Compaction on disk: exactly the rows both below the floor and deleted from their entity leave the file.</summary>
public sealed class SqliteCompactionTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private SqliteJournalSettings Settings => SqliteJournalSettings.ForDataDirectory(_directory.Path);

    public void Dispose() => _directory.Dispose();

    private long[] StoredRevisions()
    {
        using var connection = new SqliteConnection($"Data Source={_directory.File("journal.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT revision FROM journal ORDER BY revision;";
        using var reader = command.ExecuteReader();
        var revisions = new List<long>();
        while (reader.Read())
        {
            revisions.Add(reader.GetInt64(0));
        }

        return [.. revisions];
    }

    [Fact]
    public async Task Rows_go_only_when_below_the_floor_and_deleted_and_the_head_survives_losing_its_row()
    {
        await using (var journal = new SqliteJournal(Settings))
        {
            await journal.WriteAsync("a", 0, Events.Texts("a1", "a2", "a3", "a4", "a5"));   // revisions 1-5
            await journal.WriteAsync("b", 0, Events.Texts("b1", "b2", "b3", "b4", "b5"));   // revisions 6-10
            await journal.DeleteAsync("a", 3);
            Assert.Equal(10, StoredRevisions().Length);

            await journal.CompactAsync(7);
            Assert.Equal(new long[] { 4, 5, 6, 7, 8, 9, 10 }, StoredRevisions());

            // Deleting below an existing floor removes the rows at once; above it they stay for the global stream.
            await journal.DeleteAsync("b", 5);
            Assert.Equal(new long[] { 4, 5, 8, 9, 10 }, StoredRevisions());

            await journal.CompactAsync(10);
            Assert.Equal(new long[] { 4, 5 }, StoredRevisions());
        }

        await using var reopened = new SqliteJournal(Settings);
        Assert.Equal(10, reopened.CompactedRevision);
        Assert.Equal(10, await reopened.HighestRevisionAsync());
        Assert.Equal(5, await reopened.HighestSequenceNrAsync("b"));
        Assert.Equal(["a4", "a5"], (await reopened.ReadAsync("a", 1, long.MaxValue).CollectAsync()).Select(Events.Text));
        Assert.Equal([11L], await reopened.WriteAsync("b", 5, Events.Texts("b6")));
        Assert.Equal(["b6"], (await reopened.ReadAsync("b", 1, long.MaxValue).CollectAsync()).Select(Events.Text));
    }

    [Fact]
    public async Task Automatic_compaction_removes_deleted_rows_as_the_window_moves()
    {
        await using (var journal = new SqliteJournal(Settings with { AutoCompactRetention = 8 }))
        {
            for (long i = 0; i < 20; i++)
            {
                await journal.WriteAsync("old", i, Events.Texts($"{i + 1}"));
            }

            await journal.DeleteAsync("old", 20);
            for (long i = 0; i < 20; i++)
            {
                await journal.WriteAsync("new", i, Events.Texts($"{i + 1}"));
            }

            Assert.Equal(32, journal.CompactedRevision);
        }

        // Every deleted row is gone (the last sweep ran when the journal closed); nothing else is.
        Assert.Equal(Enumerable.Range(21, 20).Select(i => (long)i), StoredRevisions());
        await using var reopened = new SqliteJournal(Settings);
        Assert.Equal(32, reopened.CompactedRevision);
        Assert.Equal(20, (await reopened.ReadAsync("new", 1, long.MaxValue).CollectAsync()).Count);
        Assert.Equal(20, await reopened.HighestSequenceNrAsync("old"));
    }
}
