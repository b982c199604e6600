using System.Collections.Concurrent;
using Orchestrator.Persistence.Journal;
using Orchestrator.Persistence.Tests.TestSupport;
using Xunit;

namespace Orchestrator.Persistence.Tests.Journal;

/// <summary>
/// The contract every journal must meet (like Akka.Persistence's TCK): each journal runs it through a
/// derived class that says how to open it over a backing store that outlives the journal.
/// </summary>
public abstract class JournalSpec : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly List<IJournal> _opened = [];

    /// <summary>Opens a journal over this test's backing store; called again after dispose, it must see everything written.</summary>
    protected abstract IJournal CreateJournal(JournalSpecOptions options);

    protected IJournal Open(JournalSpecOptions? options = null)
    {
        var journal = CreateJournal(options ?? new JournalSpecOptions());
        _opened.Add(journal);
        return journal;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var journal in _opened)
        {
            await journal.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_live_subscriber_gets_the_writers_in_memory_form_of_an_event()
    {
        var journal = Open();
        var local = new object();
        using var cts = new CancellationTokenSource(Timeout);
        var live = journal.SubscribeAsync(1, cts.Token).TakeAsync(2, Timeout);
        await journal.WriteAsync("a", 0, [Events.Text("plain")]);
        await journal.WriteAsync("a", 1, [Events.Text("shared") with { Local = local }]);
        var seen = await live;
        Assert.Equal(["plain", "shared"], seen.Select(Events.Text));
        Assert.Null(seen[0].Local);
        Assert.Same(local, seen[1].Local);
        Assert.Same(local, seen[1].Event.Local);
    }

    [Fact]
    public async Task Appended_events_read_back_in_order_with_sequence_numbers_and_revisions()
    {
        var journal = Open();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        Assert.Equal([1L, 2L, 3L], await journal.WriteAsync("a", 0, Events.Texts("a1", "a2", "a3")));
        Assert.Equal([4L], await journal.WriteAsync("b", 0, Events.Texts("b1")));
        Assert.Equal([5L], await journal.WriteAsync("a", 3, Events.Texts("a4")));

        var a = await journal.ReadAsync("a", 1, long.MaxValue).CollectAsync();
        Assert.Equal(["a1", "a2", "a3", "a4"], a.Select(Events.Text));
        Assert.Equal([1L, 2L, 3L, 4L], a.Select(e => e.SequenceNr));
        Assert.Equal([1L, 2L, 3L, 5L], a.Select(e => e.Revision));
        Assert.All(a, e =>
        {
            Assert.Equal("a", e.PersistenceId);
            Assert.Equal(Events.Manifest, e.Manifest);
            Assert.InRange(e.Timestamp, before, DateTimeOffset.UtcNow.AddSeconds(1));
        });

        Assert.Equal(4, await journal.HighestSequenceNrAsync("a"));
        Assert.Equal(1, await journal.HighestSequenceNrAsync("b"));
        Assert.Equal(0, await journal.HighestSequenceNrAsync("unknown"));
        Assert.Equal(5, await journal.HighestRevisionAsync());
    }

    [Fact]
    public async Task Reads_return_exactly_the_inclusive_range()
    {
        var journal = Open();
        await journal.WriteAsync("a", 0, Events.Texts([.. Enumerable.Range(1, 10).Select(i => $"e{i}")]));

        async Task<long[]> Range(long from, long to) =>
            [.. (await journal.ReadAsync("a", from, to).CollectAsync()).Select(e => e.SequenceNr)];

        Assert.Equal(new long[] { 3, 4, 5, 6 }, await Range(3, 6));
        Assert.Equal(new long[] { 8, 9, 10 }, await Range(8, 100));
        Assert.Equal(new long[] { 1, 2 }, await Range(0, 2));
        Assert.Equal(new long[] { 5 }, await Range(5, 5));
        Assert.Empty(await Range(7, 5));
        Assert.Empty(await Range(11, long.MaxValue));
        Assert.Empty(await journal.ReadAsync("unknown", 1, long.MaxValue).CollectAsync());
    }

    [Fact]
    public async Task Long_streams_read_back_whole_across_pages()
    {
        var journal = Open();
        long sequenceNr = 0;
        for (var i = 0; i < 70; i++)
        {
            await journal.WriteAsync("long", sequenceNr, Events.Texts([.. Enumerable.Range(1, 10).Select(k => $"{sequenceNr + k}")]));
            await journal.WriteAsync("other", i, Events.Texts("noise"));
            sequenceNr += 10;
        }

        var events = await journal.ReadAsync("long", 1, long.MaxValue).CollectAsync();
        Assert.Equal(Enumerable.Range(1, 700).Select(i => (long)i), events.Select(e => e.SequenceNr));
        Assert.Equal(events.Select(e => e.SequenceNr.ToString(System.Globalization.CultureInfo.InvariantCulture)), events.Select(Events.Text));

        var all = await journal.ReadAllAsync(0).CollectAsync();
        Assert.Equal(Enumerable.Range(1, 770).Select(i => (long)i), all.Select(e => e.Revision));
    }

    [Fact]
    public async Task A_write_expecting_the_wrong_sequence_nr_conflicts_and_writes_nothing()
    {
        var journal = Open();
        await journal.WriteAsync("a", 0, Events.Texts("a1", "a2"));

        var behind = await Assert.ThrowsAsync<JournalConflictException>(() => journal.WriteAsync("a", 1, Events.Texts("x")));
        Assert.Equal("a", behind.PersistenceId);
        Assert.Equal(1, behind.ExpectedSequenceNr);
        Assert.Equal(2, behind.ActualSequenceNr);
        Assert.Contains("'a'", behind.Message, StringComparison.Ordinal);

        var ahead = await Assert.ThrowsAsync<JournalConflictException>(() => journal.WriteAsync("a", 5, Events.Texts("y", "z")));
        Assert.Equal(2, ahead.ActualSequenceNr);

        var fresh = await Assert.ThrowsAsync<JournalConflictException>(() => journal.WriteAsync("new", 1, Events.Texts("n")));
        Assert.Equal(0, fresh.ActualSequenceNr);

        Assert.Equal(["a1", "a2"], (await journal.ReadAsync("a", 0, long.MaxValue).CollectAsync()).Select(Events.Text));
        Assert.Equal(2, await journal.HighestSequenceNrAsync("a"));
        Assert.Equal(0, await journal.HighestSequenceNrAsync("new"));
        Assert.Equal(2, await journal.HighestRevisionAsync());
    }

    [Fact]
    public async Task Racing_writers_for_the_same_sequence_nr_exactly_one_wins()
    {
        var journal = Open();
        for (var round = 0; round < 20; round++)
        {
            var id = $"race-{round % 4}";
            var expected = await journal.HighestSequenceNrAsync(id);
            using var start = new ManualResetEventSlim();
            var racers = Enumerable.Range(0, 8).Select(r => Task.Run(async () =>
            {
                start.Wait();
                try
                {
                    await journal.WriteAsync(id, expected, Events.Texts($"racer-{r}", $"racer-{r}-b"));
                    return r;
                }
                catch (JournalConflictException ex) when (ex.ActualSequenceNr == expected + 2)
                {
                    return -1;
                }
            })).ToArray();
            start.Set();
            var results = await Task.WhenAll(racers);

            var winner = Assert.Single(results, r => r >= 0);
            var stored = await journal.ReadAsync(id, expected + 1, long.MaxValue).CollectAsync();
            Assert.Equal([$"racer-{winner}", $"racer-{winner}-b"], stored.Select(Events.Text));
            Assert.Equal(expected + 2, await journal.HighestSequenceNrAsync(id));
        }

        Assert.Equal(40, await journal.HighestRevisionAsync());
    }

    [Fact]
    public async Task Concurrent_writes_form_one_strictly_increasing_gap_free_global_order()
    {
        var journal = Open();
        using var cts = new CancellationTokenSource(Timeout);
        const int Writers = 8;
        const int WritesEach = 60;

        // Counted up front: writes of 1, 2 or 3 events.
        var total = Writers * Enumerable.Range(0, WritesEach).Sum(i => 1 + (i % 3));
        var subscriber = journal.SubscribeAsync(0, cts.Token).TakeAsync(total, Timeout);

        var acknowledged = new ConcurrentDictionary<long, (string Id, long SequenceNr)>();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var id = $"writer-{w}";
            long sequenceNr = 0;
            for (var i = 0; i < WritesEach; i++)
            {
                var count = 1 + (i % 3);
                var revisions = await journal.WriteAsync(id, sequenceNr, Events.Texts([.. Enumerable.Range(1, count).Select(k => $"{id}:{sequenceNr + k}")]));
                Assert.Equal(count, revisions.Count);
                for (var k = 0; k < count; k++)
                {
                    Assert.True(acknowledged.TryAdd(revisions[k], (id, sequenceNr + 1 + k)));
                }

                // The events of one write are contiguous in the global order.
                Assert.Equal(revisions[0] + count - 1, revisions[^1]);
                sequenceNr += count;
            }
        })));

        var seen = await subscriber;
        var read = await journal.ReadAllAsync(0).CollectAsync();
        foreach (var stream in new[] { seen, read })
        {
            Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), stream.Select(e => e.Revision));
            Assert.All(stream, e =>
            {
                Assert.Equal(acknowledged[e.Revision], (e.PersistenceId, e.SequenceNr));
                Assert.Equal($"{e.PersistenceId}:{e.SequenceNr}", Events.Text(e));
            });
        }
    }

    [Fact]
    public async Task A_subscription_hands_over_from_history_to_live_without_gap_or_duplicate()
    {
        var journal = Open();
        const int HistoryIds = 5;
        const int HistoryEach = 100;
        const int Writers = 10;
        const int EventsEach = 1000;
        const int Total = (HistoryIds * HistoryEach) + (Writers * EventsEach);
        for (var h = 0; h < HistoryIds; h++)
        {
            await journal.WriteAsync($"history-{h}", 0, Events.Texts([.. Enumerable.Range(1, HistoryEach).Select(i => $"{i}")]));
        }

        using var go = new SemaphoreSlim(0);
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var id = $"live-{w}";
            for (long sequenceNr = 0; sequenceNr < EventsEach; sequenceNr++)
            {
                await journal.WriteAsync(id, sequenceNr, [Events.Text($"{sequenceNr + 1}")]);
                if (w == 0 && sequenceNr == EventsEach / 10)
                {
                    go.Release(2);
                }
            }
        })).ToArray();

        // Subscribe while the writers are busy, from the start and from the middle of the history.
        Assert.True(await go.WaitAsync(Timeout));
        var fromStart = Task.Run(() => journal.SubscribeAsync(1).TakeAsync(Total, Timeout));
        Assert.True(await go.WaitAsync(Timeout));
        var fromMiddle = Task.Run(() => journal.SubscribeAsync(250).TakeAsync(Total - 249, Timeout));
        await Task.WhenAll(writers);

        var all = await fromStart;
        Assert.Equal(Enumerable.Range(1, Total).Select(i => (long)i), all.Select(e => e.Revision));
        Assert.Equal(Enumerable.Range(250, Total - 249).Select(i => (long)i), (await fromMiddle).Select(e => e.Revision));
        foreach (var stream in all.GroupBy(e => e.PersistenceId))
        {
            Assert.Equal(Enumerable.Range(1, stream.Count()).Select(i => (long)i), stream.Select(e => e.SequenceNr));
        }

        Assert.Equal(Writers * EventsEach, all.Count(e => e.PersistenceId.StartsWith("live-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_subscriber_that_falls_behind_catches_up_from_history_exactly_once()
    {
        // A live buffer of two batches overflows at once when the subscriber dawdles.
        var journal = Open(new JournalSpecOptions { SubscriberBufferCapacity = 2 });
        const int Writers = 4;
        const int EventsEach = 500;
        var received = new List<StoredEvent>();
        using var cts = new CancellationTokenSource(Timeout);
        var subscriber = Task.Run(async () =>
        {
            await foreach (var e in journal.SubscribeAsync(1, cts.Token))
            {
                received.Add(e);
                if (received.Count % 100 == 0)
                {
                    await Task.Delay(20);
                }

                if (received.Count == Writers * EventsEach)
                {
                    return;
                }
            }
        });

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (long sequenceNr = 0; sequenceNr < EventsEach; sequenceNr++)
            {
                await journal.WriteAsync($"w{w}", sequenceNr, [Events.Text("x")]);
            }
        })));
        await subscriber;

        Assert.Equal(Enumerable.Range(1, Writers * EventsEach).Select(i => (long)i), received.Select(e => e.Revision));
    }

    [Fact]
    public async Task A_subscription_from_the_head_or_beyond_receives_only_new_events()
    {
        var journal = Open();
        await journal.WriteAsync("a", 0, Events.Texts("old1", "old2"));

        var fromNext = journal.SubscribeAsync(3).TakeAsync(3, Timeout);
        var fromFuture = journal.SubscribeAsync(5).TakeAsync(1, Timeout);
        await journal.WriteAsync("a", 2, Events.Texts("new3"));
        await journal.WriteAsync("b", 0, Events.Texts("new4", "new5"));

        Assert.Equal(["new3", "new4", "new5"], (await fromNext).Select(Events.Text));
        Assert.Equal(["new5"], (await fromFuture).Select(Events.Text));
    }

    [Fact]
    public async Task A_subscription_ends_when_cancelled_and_fails_as_disposed_with_the_journal()
    {
        var journal = Open();
        await journal.WriteAsync("a", 0, Events.Texts("one"));

        using var cts = new CancellationTokenSource();
        var cancelled = Task.Run(async () =>
        {
            var count = 0;
            await foreach (var unused in journal.SubscribeAsync(1, cts.Token))
            {
                count++;
                if (count == 1)
                {
                    await cts.CancelAsync();
                }
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        var received = new List<StoredEvent>();
        var open = Task.Run(async () =>
        {
            await foreach (var e in journal.SubscribeAsync(1))
            {
                received.Add(e);
            }
        });
        while (Volatile.Read(ref received).Count == 0)
        {
            await Task.Delay(5);
        }

        await journal.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => open.WaitAsync(Timeout));
        Assert.Equal(["one"], received.Select(Events.Text));
    }

    [Fact]
    public async Task ReadAll_runs_from_the_revision_to_the_current_head()
    {
        var journal = Open();
        Assert.Empty(await journal.ReadAllAsync(0).CollectAsync());
        Assert.Empty(await journal.ReadAllAsync(1).CollectAsync());
        Assert.Equal(0, await journal.HighestRevisionAsync());

        await journal.WriteAsync("a", 0, Events.Texts("1", "2", "3"));
        await journal.WriteAsync("b", 0, Events.Texts("4", "5"));

        Assert.Equal(["1", "2", "3", "4", "5"], (await journal.ReadAllAsync(0).CollectAsync()).Select(Events.Text));
        Assert.Equal(["3", "4", "5"], (await journal.ReadAllAsync(3).CollectAsync()).Select(Events.Text));
        Assert.Empty(await journal.ReadAllAsync(6).CollectAsync());
        Assert.Empty(await journal.ReadAllAsync(100).CollectAsync());
        Assert.Equal(5, await journal.HighestRevisionAsync());
    }

    [Fact]
    public async Task Delete_hides_events_from_entity_reads_but_keeps_the_sequence_nr_and_the_global_stream()
    {
        var journal = Open();
        await journal.WriteAsync("a", 0, Events.Texts([.. Enumerable.Range(1, 10).Select(i => $"a{i}")]));
        await journal.WriteAsync("b", 0, Events.Texts("b1"));

        await journal.DeleteAsync("a", 4);
        Assert.Equal([5L, 6L, 7L, 8L, 9L, 10L], (await journal.ReadAsync("a", 1, long.MaxValue).CollectAsync()).Select(e => e.SequenceNr));
        Assert.Equal([5L, 6L], (await journal.ReadAsync("a", 2, 6).CollectAsync()).Select(e => e.SequenceNr));

        // A lower delete changes nothing; the global stream still has every event.
        await journal.DeleteAsync("a", 2);
        Assert.Equal(6, (await journal.ReadAsync("a", 1, long.MaxValue).CollectAsync()).Count);
        Assert.Equal(11, (await journal.ReadAllAsync(0).CollectAsync()).Count);

        await journal.DeleteAsync("a", long.MaxValue);
        Assert.Empty(await journal.ReadAsync("a", 1, long.MaxValue).CollectAsync());
        Assert.Equal(10, await journal.HighestSequenceNrAsync("a"));
        Assert.Equal(["b1"], (await journal.ReadAsync("b", 1, long.MaxValue).CollectAsync()).Select(Events.Text));

        // Writing continues after the deleted events; deleting an unknown entity is harmless.
        await Assert.ThrowsAsync<JournalConflictException>(() => journal.WriteAsync("a", 0, Events.Texts("again")));
        Assert.Equal([12L], await journal.WriteAsync("a", 10, Events.Texts("a11")));
        Assert.Equal(["a11"], (await journal.ReadAsync("a", 1, long.MaxValue).CollectAsync()).Select(Events.Text));
        await journal.DeleteAsync("nobody", 5);
        Assert.Equal(0, await journal.HighestSequenceNrAsync("nobody"));
    }

    [Fact]
    public async Task Compaction_makes_old_revisions_unreadable_and_keeps_what_recovery_needs()
    {
        var journal = Open();
        await journal.WriteAsync("a", 0, Events.Texts("a1", "a2", "a3", "a4", "a5"));   // revisions 1-5
        await journal.WriteAsync("b", 0, Events.Texts("b1", "b2", "b3", "b4", "b5"));   // revisions 6-10
        await journal.DeleteAsync("a", 3);
        Assert.Equal(0, journal.CompactedRevision);

        await journal.CompactAsync(7);
        Assert.Equal(7, journal.CompactedRevision);

        foreach (var from in new long[] { 0, 1, 5, 7 })
        {
            var ex = await Assert.ThrowsAsync<RevisionCompactedException>(() => journal.ReadAllAsync(from).CollectAsync());
            Assert.Equal(from, ex.RequestedRevision);
            Assert.Equal(7, ex.CompactedRevision);
            await Assert.ThrowsAsync<RevisionCompactedException>(() => journal.SubscribeAsync(from).TakeAsync(1, Timeout));
        }

        Assert.Equal([8L, 9L, 10L], (await journal.ReadAllAsync(8).CollectAsync()).Select(e => e.Revision));
        Assert.Equal(["b3"], (await journal.SubscribeAsync(8).TakeAsync(1, Timeout)).Select(Events.Text));

        // Events below the floor that their entity still needs stay readable for recovery.
        Assert.Equal(["a4", "a5"], (await journal.ReadAsync("a", 1, long.MaxValue).CollectAsync()).Select(Events.Text));
        Assert.Equal(5, (await journal.ReadAsync("b", 1, long.MaxValue).CollectAsync()).Count);
        Assert.Equal(5, await journal.HighestSequenceNrAsync("a"));

        // The floor never moves back, and cannot pass the head.
        await journal.CompactAsync(3);
        Assert.Equal(7, journal.CompactedRevision);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => journal.CompactAsync(11));

        // Compacting everything, including the newest (deleted) events, keeps sequence nrs and the head.
        await journal.DeleteAsync("b", 5);
        await journal.CompactAsync(10);
        Assert.Equal(5, await journal.HighestSequenceNrAsync("b"));
        Assert.Empty(await journal.ReadAsync("b", 1, long.MaxValue).CollectAsync());
        Assert.Equal(10, await journal.HighestRevisionAsync());
        Assert.Empty(await journal.ReadAllAsync(11).CollectAsync());
        Assert.Equal([11L], await journal.WriteAsync("b", 5, Events.Texts("b6")));
        Assert.Equal(["b6"], (await journal.ReadAllAsync(11).CollectAsync()).Select(Events.Text));
    }

    [Fact]
    public async Task ReadRetained_returns_every_event_compaction_kept_including_those_below_the_floor()
    {
        var journal = Open();
        await journal.WriteAsync("a", 0, Events.Texts("a1", "a2", "a3", "a4", "a5"));   // revisions 1-5
        await journal.WriteAsync("b", 0, Events.Texts("b1", "b2", "b3", "b4", "b5"));   // revisions 6-10
        await journal.DeleteAsync("a", 3);
        await journal.CompactAsync(7);

        Assert.Equal(["a4", "a5", "b1", "b2"], (await journal.ReadRetainedAsync(7).CollectAsync()).Select(Events.Text));
        Assert.Equal([4L, 5L, 6L, 7L, 8L, 9L, 10L], (await journal.ReadRetainedAsync(long.MaxValue).CollectAsync()).Select(e => e.Revision));
        Assert.Empty(await journal.ReadRetainedAsync(0).CollectAsync());
    }

    [Fact]
    public async Task Automatic_compaction_keeps_the_last_n_revisions()
    {
        var journal = Open(new JournalSpecOptions { AutoCompactRetention = 10 });
        for (long i = 0; i < 25; i++)
        {
            await journal.WriteAsync("a", i, Events.Texts($"{i + 1}"));
        }

        Assert.Equal(15, journal.CompactedRevision);
        await Assert.ThrowsAsync<RevisionCompactedException>(() => journal.ReadAllAsync(15).CollectAsync());
        Assert.Equal(Enumerable.Range(16, 10).Select(i => (long)i), (await journal.ReadAllAsync(16).CollectAsync()).Select(e => e.Revision));

        // Nothing was deleted, so the entity still recovers in full.
        Assert.Equal(25, (await journal.ReadAsync("a", 1, long.MaxValue).CollectAsync()).Count);
    }

    [Fact]
    public async Task An_event_over_the_size_limit_fails_the_write_naming_the_entity_and_writes_nothing()
    {
        var journal = Open(new JournalSpecOptions { MaxEventSize = 1024 });
        var ex = await Assert.ThrowsAsync<EventTooLargeException>(
            () => journal.WriteAsync("big-one", 0, [Events.OfSize(100), Events.OfSize(1025)]));
        Assert.Equal("big-one", ex.PersistenceId);
        Assert.Equal(1025, ex.Size);
        Assert.Equal(1024, ex.MaxSize);
        Assert.Contains("big-one", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await journal.HighestSequenceNrAsync("big-one"));
        Assert.Equal(0, await journal.HighestRevisionAsync());

        Assert.Equal([1L], await journal.WriteAsync("big-one", 0, [Events.OfSize(1024)]));
        Assert.Equal(1024, (await journal.ReadAsync("big-one", 1, 1).CollectAsync()).Single().Payload.Length);
    }

    [Fact]
    public async Task The_default_size_limit_is_one_and_a_half_mebibytes()
    {
        var journal = Open();
        const int Limit = 1536 * 1024;
        await Assert.ThrowsAsync<EventTooLargeException>(() => journal.WriteAsync("a", 0, [Events.OfSize(Limit + 1)]));
        await journal.WriteAsync("a", 0, [Events.OfSize(Limit)]);
        Assert.Equal(Limit, (await journal.ReadAsync("a", 1, 1).CollectAsync()).Single().Payload.Length);
    }

    [Fact]
    public async Task Empty_payloads_and_unusual_manifests_round_trip()
    {
        var journal = Open();
        await journal.WriteAsync("a", 0, [new SerializedEvent("", []), new SerializedEvent("ünïcødé/v2 ✓", [0, 255, 0])]);
        var events = await journal.ReadAsync("a", 1, 2).CollectAsync();
        Assert.Equal("", events[0].Manifest);
        Assert.Empty(events[0].Payload);
        Assert.Equal("ünïcødé/v2 ✓", events[1].Manifest);
        Assert.Equal([0, 255, 0], events[1].Payload);
    }

    [Fact]
    public async Task No_reader_ever_sees_part_of_a_write()
    {
        var journal = Open();
        const int EventsPerWrite = 5;
        using var done = new CancellationTokenSource();
        using var observed = new SemaphoreSlim(0);
        var reader = Task.Run(async () =>
        {
            var observations = 0;
            while (!done.IsCancellationRequested)
            {
                var count = (await journal.ReadAsync("atomic", 1, long.MaxValue).CollectAsync()).Count;
                Assert.Equal(0, count % EventsPerWrite);
                Assert.Equal(0, await journal.HighestSequenceNrAsync("atomic") % EventsPerWrite);
                Assert.Equal(0, (await journal.ReadAllAsync(0).CollectAsync()).Count % EventsPerWrite);
                observations++;
                observed.Release();
                await Task.Yield();
            }

            return observations;
        });

        for (long i = 0; i < 100; i++)
        {
            // Interleave with the reader, so it looks at the journal between and during writes.
            Assert.True(await observed.WaitAsync(Timeout));
            await journal.WriteAsync("atomic", i * EventsPerWrite, Events.Texts([.. Enumerable.Range(0, EventsPerWrite).Select(k => $"{k}")]));
        }

        await done.CancelAsync();
        Assert.True(await reader >= 100);
        Assert.Equal(500, await journal.HighestSequenceNrAsync("atomic"));
    }

    [Fact]
    public async Task A_cancelled_write_writes_nothing()
    {
        var journal = Open();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => journal.WriteAsync("a", 0, Events.Texts("x"), cts.Token));
        Assert.Equal(0, await journal.HighestSequenceNrAsync("a"));
        Assert.Equal([1L], await journal.WriteAsync("a", 0, Events.Texts("y")));
    }

    [Fact]
    public async Task Reopening_preserves_events_deletions_sequence_nrs_revisions_and_the_compaction_floor()
    {
        var journal = Open();
        await journal.WriteAsync("a", 0, Events.Texts("a1", "a2", "a3"));
        await journal.WriteAsync("b", 0, Events.Texts("b1", "b2"));
        await journal.WriteAsync("a", 3, Events.Texts("a4"));
        await journal.DeleteAsync("a", 2);
        await journal.CompactAsync(2);
        var all = await journal.ReadAllAsync(3).CollectAsync();
        await journal.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => journal.WriteAsync("a", 4, Events.Texts("late")));

        var reopened = Open();
        Assert.Equal(2, reopened.CompactedRevision);
        Assert.Equal(6, await reopened.HighestRevisionAsync());
        Assert.Equal(4, await reopened.HighestSequenceNrAsync("a"));
        Assert.Equal(2, await reopened.HighestSequenceNrAsync("b"));
        Assert.Equal(["a3", "a4"], (await reopened.ReadAsync("a", 1, long.MaxValue).CollectAsync()).Select(Events.Text));
        Assert.Equal(all, await reopened.ReadAllAsync(3).CollectAsync(), EnvelopeComparer.Instance);
        await Assert.ThrowsAsync<RevisionCompactedException>(() => reopened.ReadAllAsync(2).CollectAsync());

        Assert.Equal([7L], await reopened.WriteAsync("b", 2, Events.Texts("b3")));
        await Assert.ThrowsAsync<JournalConflictException>(() => reopened.WriteAsync("a", 2, Events.Texts("stale")));
    }
}
