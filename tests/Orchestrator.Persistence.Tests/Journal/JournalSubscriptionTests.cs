using System.Runtime.CompilerServices;
using Orchestrator.Persistence.Journal;
using Xunit;

namespace Orchestrator.Persistence.Tests.Journal;

/// <summary>
/// The history-to-live hand-over, driven step by step over a scripted store, so the races the journal
/// spec can only provoke by chance happen here every time.
/// </summary>
public sealed class JournalSubscriptionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Events_both_read_from_history_and_received_live_are_delivered_once()
    {
        var store = new ScriptedStore();
        store.Commit(3, publish: true);

        // Right after the subscription registers, 4 and 5 commit: its history read sees them and they arrive live too.
        store.BeforeRead = read =>
        {
            if (read == 1)
            {
                store.Commit(2, publish: true);
            }
        };
        await using var subscription = store.Subscribe(1);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], await subscription.NextAsync(5));

        store.Commit(2, publish: true);
        Assert.Equal([6L, 7L], await subscription.NextAsync(2));
        Assert.Equal(2, store.Reads);
    }

    [Fact]
    public async Task A_live_event_beyond_the_next_revision_makes_the_subscriber_reread_the_gap()
    {
        var store = new ScriptedStore();
        store.Commit(2, publish: true);
        await using var subscription = store.Subscribe(1);
        Assert.Equal([1L, 2L], await subscription.NextAsync(2));
        var next = subscription.NextAsync(3);
        await store.WaitUntilLiveAsync();

        // 3 and 4 are committed but never reach the live feed; 5 does.
        store.Commit(2, publish: false);
        store.Commit(1, publish: true);
        Assert.Equal([3L, 4L, 5L], await next);
        Assert.Equal(3, store.Reads); // the catch-up, the read after registering, and the re-read of the gap

        store.Commit(1, publish: true);
        Assert.Equal([6L], await subscription.NextAsync(1));
    }

    [Fact]
    public async Task A_subscriber_whose_live_buffer_overflowed_catches_up_from_history()
    {
        var store = new ScriptedStore(capacity: 1);
        store.Commit(3, publish: true);
        await using var subscription = store.Subscribe(1);
        Assert.Equal([1L, 2L, 3L], await subscription.NextAsync(3));
        var next = subscription.NextAsync(1);
        await store.WaitUntilLiveAsync();
        store.Commit(1, publish: true);
        Assert.Equal([4L], await next);

        // Three batches while the subscriber is not reading: the first fits the buffer, the second overflows it.
        store.Commit(1, publish: true);
        store.Commit(1, publish: true);
        store.Commit(1, publish: true);
        Assert.False(store.Feed.HasSubscribers);
        Assert.Equal([5L, 6L, 7L], await subscription.NextAsync(3));

        // Caught up, it is live again.
        next = subscription.NextAsync(1);
        await store.WaitUntilLiveAsync();
        store.Commit(1, publish: true);
        Assert.Equal([8L], await next);
    }

    [Fact]
    public async Task A_subscription_from_a_future_revision_skips_everything_before_it()
    {
        var store = new ScriptedStore();
        store.Commit(2, publish: true);
        await using var subscription = store.Subscribe(5);
        store.Commit(2, publish: true);
        store.Commit(2, publish: true);
        Assert.Equal([5L, 6L], await subscription.NextAsync(2));
    }

    [Fact]
    public async Task The_subscription_fails_as_disposed_when_the_feed_completes()
    {
        var store = new ScriptedStore();
        store.Commit(1, publish: true);
        await using var subscription = store.Subscribe(1);
        Assert.Equal([1L], await subscription.NextAsync(1));

        // Waiting live when the journal goes away.
        var waiting = subscription.MoveNextAsync().AsTask();
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        store.Feed.Complete();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(Timeout));
    }

    /// <summary>A journal reduced to what the algorithm needs: committed events, a head, a live feed.</summary>
    private sealed class ScriptedStore(int capacity = 16)
    {
        private readonly List<StoredEvent> _committed = [];

        public LiveEventFeed Feed { get; } = new(capacity);

        public Action<int>? BeforeRead { get; set; }

        public int Reads { get; private set; }

        public void Commit(int count, bool publish)
        {
            var batch = Enumerable.Range(_committed.Count + 1, count)
                .Select(r => new StoredEvent("e", r, r, "m", [], DateTimeOffset.UnixEpoch))
                .ToArray();
            _committed.AddRange(batch);
            if (publish)
            {
                Feed.Publish(batch);
            }
        }

        /// <summary>Waits until the subscriber has read its history, registered and is waiting for live events.</summary>
        public async Task WaitUntilLiveAsync()
        {
            while (!Feed.HasSubscribers)
            {
                await Task.Delay(1);
            }

            await Task.Delay(50);
        }

        public Subscription Subscribe(long fromRevision) =>
            new(JournalSubscription.SubscribeAsync(ReadAllAsync, Feed, fromRevision, CancellationToken.None).GetAsyncEnumerator());

        private async IAsyncEnumerable<StoredEvent> ReadAllAsync(long fromRevision, [EnumeratorCancellation] CancellationToken ct)
        {
            var read = Reads++;
            BeforeRead?.Invoke(read);
            var head = _committed.Count;
            for (var revision = Math.Max(fromRevision, 1); revision <= head; revision++)
            {
                yield return _committed[(int)revision - 1];
            }

            await Task.CompletedTask;
        }
    }

    private sealed class Subscription(IAsyncEnumerator<StoredEvent> enumerator) : IAsyncDisposable
    {
        public ValueTask<bool> MoveNextAsync() => enumerator.MoveNextAsync();

        public async Task<List<long>> NextAsync(int count)
        {
            var revisions = new List<long>(count);
            for (var i = 0; i < count; i++)
            {
                Assert.True(await enumerator.MoveNextAsync().AsTask().WaitAsync(Timeout));
                revisions.Add(enumerator.Current.Revision);
            }

            return revisions;
        }

        public ValueTask DisposeAsync() => enumerator.DisposeAsync();
    }
}
