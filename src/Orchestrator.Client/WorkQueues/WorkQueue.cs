using Orchestrator.Client.Events;
namespace Orchestrator.Client.WorkQueues;

/// <summary>
/// A controller's queue of keys to reconcile: client-go's rate-limiting, delaying work queue. A key is queued
/// at most once however often it is added; a key being processed is not handed out again until
/// <see cref="Done"/>, and if it was added meanwhile it is queued again then, so at most one reconcile runs per
/// key and none of its changes is lost. Keys wait for their time in a heap; failures back off through the
/// <see cref="IRateLimiter"/> until <see cref="Forget"/>.
/// </summary>
/// <remarks>Not thread-safe: it belongs to its controller actor, which is the only one to touch it.</remarks>
public sealed class WorkQueue
{
    private readonly IRateLimiter _rateLimiter;
    private readonly TimeProvider _clock;
    private readonly Queue<string> _queue = new();
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _processing = new(StringComparer.Ordinal);

    // A key's entry in the heap counts only while it matches _waiting: moving a key earlier pushes a new entry
    // and leaves the old one to be skipped, as PriorityQueue cannot change a priority in place.
    private readonly PriorityQueue<string, DateTimeOffset> _heap = new();
    private readonly Dictionary<string, DateTimeOffset> _waiting = new(StringComparer.Ordinal);

    public WorkQueue(IRateLimiter rateLimiter, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(rateLimiter);
        ArgumentNullException.ThrowIfNull(clock);
        _rateLimiter = rateLimiter;
        _clock = clock;
    }

    /// <summary>Keys ready to be handed out (not those waiting for their time, nor those being processed).</summary>
    public int Length => _queue.Count;

    /// <summary>Keys waiting for their time.</summary>
    public int Waiting => _waiting.Count;

    /// <summary>Keys handed out and not yet done.</summary>
    public int Processing => _processing.Count;

    /// <summary>Queues the key unless it is queued already; a key being processed is queued again when it is done.</summary>
    public void Add(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!_dirty.Add(key))
        {
            return;
        }

        if (!_processing.Contains(key))
        {
            _queue.Enqueue(key);
        }
    }

    /// <summary>Adds the key once the delay has passed; a key already waiting keeps the earlier of its two times.</summary>
    public void AddAfter(string key, TimeSpan delay)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        var readyAt = _clock.GetUtcNow() + delay;
        if (_waiting.TryGetValue(key, out var existing) && existing <= readyAt)
        {
            return;
        }

        _waiting[key] = readyAt;
        _heap.Enqueue(key, readyAt);
    }

    /// <summary>Adds the key after the rate limiter's wait: its own back-off, and the bucket over every key.</summary>
    public TimeSpan AddRateLimited(string key)
    {
        var delay = _rateLimiter.When(key);
        AddAfter(key, delay);
        return delay;
    }

    /// <summary>The key succeeded: its back-off starts over.</summary>
    public void Forget(string key) => _rateLimiter.Forget(key);

    public int NumRequeues(string key) => _rateLimiter.NumRequeues(key);

    /// <summary>Hands out the next ready key, which is then processing until <see cref="Done"/>.</summary>
    public bool TryGet(out string key)
    {
        PromoteDue();
        if (!_queue.TryDequeue(out key!))
        {
            return false;
        }

        _processing.Add(key);
        _dirty.Remove(key);
        return true;
    }

    /// <summary>Processing of the key ended; if it was added meanwhile it is queued again.</summary>
    public void Done(string key)
    {
        _processing.Remove(key);
        if (_dirty.Contains(key))
        {
            _queue.Enqueue(key);
        }
    }

    /// <summary>How long until the first waiting key is due (zero when one is due now), or null when none waits.</summary>
    public TimeSpan? NextDueIn()
    {
        while (_heap.TryPeek(out var key, out var readyAt))
        {
            if (_waiting.TryGetValue(key, out var current) && current == readyAt)
            {
                var wait = readyAt - _clock.GetUtcNow();
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }

            _heap.Dequeue();
        }

        return null;
    }

    private void PromoteDue()
    {
        var now = _clock.GetUtcNow();
        while (_heap.TryPeek(out var key, out var readyAt) && readyAt <= now)
        {
            _heap.Dequeue();
            if (_waiting.TryGetValue(key, out var current) && current == readyAt)
            {
                _waiting.Remove(key);
                Add(key);
            }
        }
    }
}
