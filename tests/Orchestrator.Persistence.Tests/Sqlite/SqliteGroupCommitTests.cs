using Microsoft.Data.Sqlite;
using Orchestrator.Persistence.Journal;
using Orchestrator.Persistence.Sqlite;
using Orchestrator.Persistence.Tests.TestSupport;
using Xunit;

namespace Orchestrator.Persistence.Tests.Sqlite;

/// <summary>
/// Group commit: writes queued while the writer waits go into one transaction; each is checked on its
/// own, and a failed commit fails all of them and leaves nothing behind.
/// </summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private SqliteJournalSettings Settings => SqliteJournalSettings.ForDataDirectory(_directory.Path);

    public void Dispose() => _directory.Dispose();

    /// <summary>
    /// Writes one event, then has the writer thread block on the database lock deleting it, so the next
    /// writes queue behind it deterministically (an idle journal would commit them on the caller's thread).
    /// </summary>
    private static async Task<Task> BlockWriterAsync(SqliteJournal journal, SqliteWriteLock writeLock)
    {
        await journal.WriteAsync("blocker", 0, Events.Texts("blocker"));
        writeLock.Hold();
        var blocker = journal.DeleteAsync("blocker", 1);
        await Task.Delay(100);
        Assert.False(blocker.IsCompleted);
        return blocker;
    }

    [Fact]
    public async Task An_idle_journal_commits_on_the_callers_thread()
    {
        await using var journal = new SqliteJournal(Settings);
        for (var i = 0; i < 3; i++)
        {
            // Nothing else queued: the write is durable before WriteAsync returns, with no hand-off to the writer thread.
            var write = journal.WriteAsync("solo", i, Events.Texts($"e{i}"));
            Assert.True(write.IsCompletedSuccessfully);
            Assert.Equal([i + 1L], await write);
        }

        Assert.Equal(["e0", "e1", "e2"], (await journal.ReadAsync("solo", 1, long.MaxValue).CollectAsync()).Select(Events.Text));
    }

    [Fact]
    public async Task An_events_in_memory_form_is_never_stored()
    {
        await using (var journal = new SqliteJournal(Settings))
        {
            await journal.WriteAsync("a", 0, [Events.Text("shared") with { Local = new object() }]);
            Assert.Null(Assert.Single(await journal.ReadAsync("a", 1, long.MaxValue).CollectAsync()).Local);
        }

        await using var reopened = new SqliteJournal(Settings);
        Assert.Null(Assert.Single(await reopened.ReadAllAsync(0).CollectAsync()).Local);
    }

    [Fact]
    public async Task Writes_queued_together_commit_together_and_conflicts_fail_alone()
    {
        await using var journal = new SqliteJournal(Settings);
        await journal.WriteAsync("y", 0, Events.Texts("y1"));
        using var writeLock = new SqliteWriteLock(journal.Path);
        var before = journal.Statistics;
        var blocker = await BlockWriterAsync(journal, writeLock);

        var first = journal.WriteAsync("x", 0, Events.Texts("x1", "x2"));
        var followsFirst = journal.WriteAsync("x", 2, Events.Texts("x3"));      // counts the write before it in the batch
        var lostRace = journal.WriteAsync("x", 0, Events.Texts("stale"));       // the batch already took sequence nrs 1 to 3
        var behind = journal.WriteAsync("y", 0, Events.Texts("stale"));
        var ok = journal.WriteAsync("y", 1, Events.Texts("y2"));
        writeLock.Release();

        await blocker;
        Assert.Equal([3L, 4L], await first);
        Assert.Equal([5L], await followsFirst);
        Assert.Equal(3, (await Assert.ThrowsAsync<JournalConflictException>(() => lostRace)).ActualSequenceNr);
        Assert.Equal(1, (await Assert.ThrowsAsync<JournalConflictException>(() => behind)).ActualSequenceNr);
        Assert.Equal([6L], await ok);

        // Two commits: the blocker's event alone, then the three writes that queued behind its deletion, together.
        Assert.Equal(2, journal.Statistics.Commits - before.Commits);
        Assert.Equal(5, journal.Statistics.Events - before.Events);

        var batch = await journal.ReadAllAsync(3).CollectAsync();
        Assert.Equal(["x1", "x2", "x3", "y2"], batch.Select(Events.Text));
        Assert.Single(batch.Select(e => e.Timestamp).Distinct());
        Assert.Equal(["x1", "x2", "x3"], (await journal.ReadAsync("x", 1, long.MaxValue).CollectAsync()).Select(Events.Text));
        Assert.Equal(["y1", "y2"], (await journal.ReadAsync("y", 1, long.MaxValue).CollectAsync()).Select(Events.Text));
    }

    [Fact]
    public async Task A_failed_commit_fails_every_write_of_the_batch_and_leaves_no_trace()
    {
        await using var journal = new SqliteJournal(Settings);
        await journal.WriteAsync("p1", 0, Events.Texts("p1-1"));
        using var writeLock = new SqliteWriteLock(journal.Path);

        // A real failure inside the transaction: the third event of the batch is refused by the database.
        writeLock.Execute("CREATE TRIGGER poison BEFORE INSERT ON journal WHEN NEW.manifest = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned event'); END;");
        var blocker = await BlockWriterAsync(journal, writeLock);
        var w1 = journal.WriteAsync("p1", 1, Events.Texts("p1-2", "p1-3"));
        var w2 = journal.WriteAsync("p2", 0, [Events.Text("p2-1"), new SerializedEvent("poison", [1]), Events.Text("p2-3")]);
        var w3 = journal.WriteAsync("p3", 0, Events.Texts("p3-1"));
        writeLock.Release();

        await blocker;
        foreach (var write in new[] { w1, w2, w3 })
        {
            var ex = await Assert.ThrowsAsync<SqliteException>(() => write);
            Assert.Contains("poisoned event", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(["p1-1", "blocker"], (await journal.ReadAllAsync(0).CollectAsync()).Select(Events.Text));
        Assert.Equal(2, await journal.HighestRevisionAsync());
        Assert.Equal(1, await journal.HighestSequenceNrAsync("p1"));
        Assert.Equal(0, await journal.HighestSequenceNrAsync("p2"));

        // The writer forgot the batch's sequence nrs and revisions: the same writes succeed, gap-free.
        writeLock.Execute("DROP TRIGGER poison;");
        Assert.Equal([3L, 4L], await journal.WriteAsync("p1", 1, Events.Texts("p1-2", "p1-3")));
        Assert.Equal([5L], await journal.WriteAsync("p3", 0, Events.Texts("p3-1")));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], (await journal.ReadAllAsync(0).CollectAsync()).Select(e => e.Revision));
        Assert.Equal(["p1-1", "p1-2", "p1-3"], (await journal.ReadAsync("p1", 1, long.MaxValue).CollectAsync()).Select(Events.Text));
    }

    [Fact]
    public async Task A_write_larger_than_the_batch_limit_still_commits_whole()
    {
        await using var journal = new SqliteJournal(Settings with { MaxBatchSize = 4 });
        var writes = Enumerable.Range(0, 5).Select(i => journal.WriteAsync($"small-{i}", 0, Events.Texts("a", "b"))).ToList();
        var large = journal.WriteAsync("large", 0, Events.Texts([.. Enumerable.Range(1, 10).Select(i => $"{i}")]));
        await Task.WhenAll(writes);

        var revisions = await large;
        Assert.Equal(Enumerable.Range((int)revisions[0], 10).Select(i => (long)i), revisions);
        Assert.Single((await journal.ReadAsync("large", 1, long.MaxValue).CollectAsync()).Select(e => e.Timestamp).Distinct());
        Assert.Equal(20, await journal.HighestRevisionAsync());
    }
}
