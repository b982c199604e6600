using System.Text;
using Orchestrator.Persistence.Snapshots;
using Xunit;

namespace Orchestrator.Persistence.Tests.Snapshots;

/// <summary>The contract every snapshot store must meet; each store runs it through a derived class.</summary>
public abstract class SnapshotStoreSpec : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<ISnapshotStore> _opened = [];

    /// <summary>Opens a store over this test's backing store; called again after dispose, it must see everything saved.</summary>
    protected abstract ISnapshotStore CreateStore();

    protected ISnapshotStore Open()
    {
        var store = CreateStore();
        _opened.Add(store);
        return store;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }
    }

    private static SerializedEvent State(string text) => new("state.v1", Encoding.UTF8.GetBytes(text));

    private static string Text(SelectedSnapshot? snapshot) => Encoding.UTF8.GetString(Assert.IsType<SelectedSnapshot>(snapshot).Snapshot.Payload);

    private static async Task SaveThree(ISnapshotStore store)
    {
        await store.SaveAsync(new SnapshotMetadata("a", 10, T0), State("s10"));
        await store.SaveAsync(new SnapshotMetadata("a", 20, T0.AddMinutes(1)), State("s20"));
        await store.SaveAsync(new SnapshotMetadata("a", 30, T0.AddMinutes(2)), State("s30"));
        await store.SaveAsync(new SnapshotMetadata("b", 99, T0.AddMinutes(3)), State("b99"));
    }

    [Fact]
    public async Task The_latest_snapshot_round_trips_with_its_metadata()
    {
        var store = Open();
        await SaveThree(store);

        var latest = await store.LoadAsync("a", SnapshotSelectionCriteria.Latest);
        Assert.NotNull(latest);
        Assert.Equal(new SnapshotMetadata("a", 30, T0.AddMinutes(2)), latest.Metadata);
        Assert.Equal("state.v1", latest.Snapshot.Manifest);
        Assert.Equal("s30", Text(latest));

        Assert.Null(await store.LoadAsync("a", SnapshotSelectionCriteria.None));
        Assert.Null(await store.LoadAsync("unknown", SnapshotSelectionCriteria.Latest));
    }

    [Fact]
    public async Task Loading_picks_the_latest_snapshot_within_the_criteria()
    {
        var store = Open();
        await SaveThree(store);

        Assert.Equal("s20", Text(await store.LoadAsync("a", new SnapshotSelectionCriteria(25, DateTimeOffset.MaxValue))));
        Assert.Equal("s20", Text(await store.LoadAsync("a", new SnapshotSelectionCriteria(20, DateTimeOffset.MaxValue))));
        Assert.Equal("s10", Text(await store.LoadAsync("a", new SnapshotSelectionCriteria(long.MaxValue, T0.AddSeconds(30)))));
        Assert.Equal("s30", Text(await store.LoadAsync("a", new SnapshotSelectionCriteria(long.MaxValue, DateTimeOffset.MaxValue, MinSequenceNr: 25))));
        Assert.Null(await store.LoadAsync("a", new SnapshotSelectionCriteria(20, DateTimeOffset.MaxValue, MinSequenceNr: 11, MinTimestamp: T0.AddMinutes(1).AddTicks(1))));
        Assert.Null(await store.LoadAsync("a", new SnapshotSelectionCriteria(9, DateTimeOffset.MaxValue)));
    }

    [Fact]
    public async Task Saving_at_the_same_sequence_nr_replaces_the_snapshot()
    {
        var store = Open();
        await store.SaveAsync(new SnapshotMetadata("a", 5, T0), State("first"));
        await store.SaveAsync(new SnapshotMetadata("a", 5, T0.AddMinutes(1)), State("second"));

        var loaded = await store.LoadAsync("a", SnapshotSelectionCriteria.Latest);
        Assert.Equal("second", Text(loaded));
        Assert.Equal(T0.AddMinutes(1), loaded!.Metadata.Timestamp);
        await store.DeleteAsync(new SnapshotMetadata("a", 5, T0));
        Assert.Null(await store.LoadAsync("a", SnapshotSelectionCriteria.Latest));
    }

    [Fact]
    public async Task Deleting_by_metadata_removes_exactly_that_snapshot()
    {
        var store = Open();
        await SaveThree(store);

        await store.DeleteAsync(new SnapshotMetadata("a", 30, T0.AddMinutes(2)));
        Assert.Equal("s20", Text(await store.LoadAsync("a", SnapshotSelectionCriteria.Latest)));
        Assert.Equal("b99", Text(await store.LoadAsync("b", SnapshotSelectionCriteria.Latest)));

        // Deleting what is not there is harmless.
        await store.DeleteAsync(new SnapshotMetadata("a", 30, T0));
        await store.DeleteAsync(new SnapshotMetadata("nobody", 1, T0));
        Assert.Equal("s20", Text(await store.LoadAsync("a", SnapshotSelectionCriteria.Latest)));
    }

    [Fact]
    public async Task Deleting_by_criteria_removes_every_matching_snapshot_of_the_entity()
    {
        var store = Open();
        await SaveThree(store);

        await store.DeleteAsync("a", new SnapshotSelectionCriteria(20, DateTimeOffset.MaxValue));
        Assert.Equal("s30", Text(await store.LoadAsync("a", SnapshotSelectionCriteria.Latest)));
        Assert.Null(await store.LoadAsync("a", new SnapshotSelectionCriteria(29, DateTimeOffset.MaxValue)));
        Assert.Equal("b99", Text(await store.LoadAsync("b", SnapshotSelectionCriteria.Latest)));

        await store.DeleteAsync("a", SnapshotSelectionCriteria.Latest);
        Assert.Null(await store.LoadAsync("a", SnapshotSelectionCriteria.Latest));
        Assert.NotNull(await store.LoadAsync("b", SnapshotSelectionCriteria.Latest));
    }

    [Fact]
    public async Task Reopening_preserves_snapshots_byte_for_byte()
    {
        var store = Open();
        var payload = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 31)).ToArray();
        var metadata = new SnapshotMetadata("big", 1_000_000, new DateTimeOffset(2025, 6, 1, 8, 30, 15, 123, TimeSpan.FromHours(2)).AddTicks(4567));
        await store.SaveAsync(metadata, new SerializedEvent("big.v3", payload));
        await store.SaveAsync(new SnapshotMetadata("empty", 1, T0), new SerializedEvent("empty.v1", []));
        await store.DisposeAsync();

        var reopened = Open();
        var loaded = await reopened.LoadAsync("big", SnapshotSelectionCriteria.Latest);
        Assert.NotNull(loaded);
        Assert.Equal(metadata, loaded.Metadata);
        Assert.Equal("big.v3", loaded.Snapshot.Manifest);
        Assert.Equal(payload, loaded.Snapshot.Payload);
        Assert.Empty((await reopened.LoadAsync("empty", SnapshotSelectionCriteria.Latest))!.Snapshot.Payload);
    }
}
