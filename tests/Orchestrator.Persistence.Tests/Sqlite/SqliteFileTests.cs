using System.Text;
using Microsoft.Data.Sqlite;
using Orchestrator.Persistence.Journal;
using Orchestrator.Persistence.Snapshots;
using Orchestrator.Persistence.Sqlite;
using Orchestrator.Persistence.Tests.TestSupport;
using Xunit;

namespace Orchestrator.Persistence.Tests.Sqlite;

/// <summary>The database file itself: damaged files, sharing, locking and what the file holds.</summary>
public sealed class SqliteFileTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private SqliteJournalSettings Settings => SqliteJournalSettings.ForDataDirectory(_directory.Path);

    public void Dispose() => _directory.Dispose();

    private static async Task WriteEventsAsync(string path, int count)
    {
        await using var journal = new SqliteJournal(new SqliteJournalSettings(path));
        for (var i = 0; i < count; i += 100)
        {
            await journal.WriteAsync("entity", i, [.. Enumerable.Range(i + 1, 100).Select(n => new SerializedEvent("e.v1", Encoding.UTF8.GetBytes(n.ToString(System.Globalization.CultureInfo.InvariantCulture).PadRight(1000))))]);
        }
    }

    private static void AssertRefusedAsCorrupt(string path)
    {
        var before = File.ReadAllBytes(path);
        var journalError = Assert.Throws<JournalCorruptException>(() => new SqliteJournal(new SqliteJournalSettings(path)));
        Assert.Equal(path, journalError.Path);
        Assert.Contains(path, journalError.Message, StringComparison.Ordinal);

        var storeError = Assert.Throws<JournalCorruptException>(() => new SqliteSnapshotStore(new SqliteJournalSettings(path)));
        Assert.Contains(path, storeError.Message, StringComparison.Ordinal);

        // Refusing the file must not "repair" it into an empty journal: it is left exactly as it was.
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.False(File.Exists(path + "-wal") && new FileInfo(path + "-wal").Length > 0);
    }

    [Fact]
    public void A_file_of_garbage_is_refused_naming_the_file()
    {
        var path = _directory.File("garbage.db");
        var garbage = new byte[64 * 1024];
        new Random(42).NextBytes(garbage);
        File.WriteAllBytes(path, garbage);

        AssertRefusedAsCorrupt(path);
    }

    [Fact]
    public async Task A_truncated_file_is_refused_naming_the_file_and_a_healthy_copy_keeps_everything()
    {
        var path = _directory.File("journal.db");
        await WriteEventsAsync(path, 3000);
        var healthy = _directory.File("healthy.db");
        File.Copy(path, healthy);

        using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(file.Length / 2);
        }

        AssertRefusedAsCorrupt(path);

        await using var journal = new SqliteJournal(new SqliteJournalSettings(healthy));
        var events = await journal.ReadAsync("entity", 1, long.MaxValue).CollectAsync();
        Assert.Equal(Enumerable.Range(1, 3000).Select(i => (long)i), events.Select(e => e.SequenceNr));
        Assert.Equal(Enumerable.Range(1, 3000).Select(i => (long)i), (await journal.ReadAllAsync(0).CollectAsync()).Select(e => e.Revision));
        Assert.All(events, e => Assert.Equal(e.SequenceNr.ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetString(e.Payload).TrimEnd()));
    }

    [Fact]
    public async Task A_file_cut_inside_its_header_is_refused_naming_the_file()
    {
        var path = _directory.File("journal.db");
        await WriteEventsAsync(path, 100);
        using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(60);
        }

        AssertRefusedAsCorrupt(path);
    }

    [Fact]
    public async Task A_second_journal_on_the_same_file_is_refused_until_the_first_is_disposed()
    {
        var journal = new SqliteJournal(Settings);
        await journal.WriteAsync("a", 0, Events.Texts("one"));

        var ex = Assert.Throws<IOException>(() => new SqliteJournal(Settings));
        Assert.Contains(journal.Path, ex.Message, StringComparison.Ordinal);

        await journal.DisposeAsync();
        await using var reopened = new SqliteJournal(Settings);
        Assert.Equal(1, await reopened.HighestSequenceNrAsync("a"));
    }

    [Fact]
    public async Task The_journal_is_one_wal_mode_file_in_the_data_directory_shared_with_the_snapshot_store()
    {
        await using (var journal = new SqliteJournal(Settings))
        await using (var snapshots = new SqliteSnapshotStore(Settings))
        {
            await journal.WriteAsync("a", 0, Events.Texts("one", "two"));
            await snapshots.SaveAsync(new SnapshotMetadata("a", 2, DateTimeOffset.UtcNow), new SerializedEvent("state.v1", [2]));

            using var connection = new SqliteConnection($"Data Source={journal.Path};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode;";
            Assert.Equal("wal", command.ExecuteScalar());
            Assert.Equal(_directory.File("journal.db"), journal.Path);
        }

        // Closed cleanly: the WAL was checkpointed into the one file.
        Assert.Equal(["journal.db", "journal.db.lock"], Directory.GetFiles(_directory.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        await using var reopenedJournal = new SqliteJournal(Settings);
        await using var reopenedSnapshots = new SqliteSnapshotStore(Settings);
        Assert.Equal(2, (await reopenedJournal.ReadAsync("a", 1, long.MaxValue).CollectAsync()).Count);
        Assert.Equal([2], (await reopenedSnapshots.LoadAsync("a", SnapshotSelectionCriteria.Latest))!.Snapshot.Payload);
    }
}
