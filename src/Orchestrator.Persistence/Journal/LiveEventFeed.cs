namespace Orchestrator.Persistence.Journal;

/// <summary>
/// Fans committed batches out to live subscribers, in commit order. The journal publishes only after
/// the batch is durable and its head revision is visible to readers.
/// </summary>
internal sealed class LiveEventFeed(int capacity)
{
    private readonly Lock _gate = new();
    private LiveSubscription[] _subscribers = [];
    private bool _completed;

    public bool HasSubscribers => Volatile.Read(ref _subscribers).Length != 0;

    public LiveSubscription Subscribe()
    {
        var subscription = new LiveSubscription(this, capacity);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_completed, typeof(IJournal));
            _subscribers = [.. _subscribers, subscription];
        }

        // Pairs with the full fence the publisher makes between raising the head and reading the
        // subscriber list: either the publisher sees this subscriber, or this subscriber's history
        // read sees the publisher's new head.
        Interlocked.MemoryBarrier();
        return subscription;
    }

    public void Publish(StoredEvent[] batch)
    {
        foreach (var subscription in Volatile.Read(ref _subscribers))
        {
            if (!subscription.TryDeliver(batch))
            {
                Remove(subscription);
            }
        }
    }

    /// <summary>Ends every subscription; later subscribes fail. Called when the journal is disposed.</summary>
    public void Complete()
    {
        LiveSubscription[] subscribers;
        lock (_gate)
        {
            _completed = true;
            subscribers = _subscribers;
            _subscribers = [];
        }

        foreach (var subscription in subscribers)
        {
            subscription.Complete();
        }
    }

    internal void Remove(LiveSubscription subscription)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_subscribers, subscription);
            if (index < 0)
            {
                return;
            }

            var remaining = new LiveSubscription[_subscribers.Length - 1];
            Array.Copy(_subscribers, 0, remaining, 0, index);
            Array.Copy(_subscribers, index + 1, remaining, index, remaining.Length - index);
            _subscribers = remaining;
        }
    }
}
