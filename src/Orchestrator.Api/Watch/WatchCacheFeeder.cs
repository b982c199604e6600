using Microsoft.Extensions.Logging;
using Orchestrator.Actors;
using Orchestrator.Api.Entities;
using Orchestrator.Persistence.Journal;

namespace Orchestrator.Api.Watch;

/// <summary>
/// Tails the journal's global stream and hands each event to the watch cache of its type, in journal
/// order. It knows how far the caches are, so a consistent read can wait until they have applied
/// everything committed before it started (Kubernetes' consistent reads from cache).
/// </summary>
public sealed class WatchCacheFeeder : IAsyncDisposable
{
    private readonly IJournal _journal;
    private readonly IReadOnlyDictionary<(string Group, string Plural), IActorRef> _caches;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _waitersLock = new();
    private readonly PriorityQueue<TaskCompletionSource, long> _waiters = new();
    private Task? _loop;
    private long _processed;
    // The journal's head at start: the caches are ready once progress reaches it.
    private long _head = long.MaxValue;

    public WatchCacheFeeder(IJournal journal, IReadOnlyDictionary<(string Group, string Plural), IActorRef> caches, ILogger log)
    {
        _journal = journal;
        _caches = caches;
        _log = log;
    }

    /// <summary>The revision of the last event every cache has been handed.</summary>
    public long ProcessedRevision => Volatile.Read(ref _processed);

    /// <summary>Completes once the caches hold everything the journal held at start.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Fails (with the cause) if the feed stopped for a reason other than disposal.</summary>
    public Task Completion => _loop ?? Task.CompletedTask;

    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Waits until every event up to <paramref name="revision"/> reached the caches.</summary>
    public Task WaitForAsync(long revision, CancellationToken ct)
    {
        if (ProcessedRevision >= revision)
        {
            return Task.CompletedTask;
        }

        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waitersLock)
        {
            if (ProcessedRevision >= revision)
            {
                return Task.CompletedTask;
            }

            _waiters.Enqueue(waiter, revision);
        }

        return waiter.Task.WaitAsync(ct);
    }

    /// <summary>Waits until the caches have applied everything committed so far: a consistent read.</summary>
    public async Task WaitForHeadAsync(CancellationToken ct) =>
        await WaitForAsync(await _journal.HighestRevisionAsync(ct).ConfigureAwait(false), ct).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var ct = _stop.Token;
        try
        {
            _head = await _journal.HighestRevisionAsync(ct).ConfigureAwait(false);
            var floor = _journal.CompactedRevision;

            // Below the compaction floor only each object's latest event survives: enough to rebuild the state.
            await foreach (var envelope in _journal.ReadRetainedAsync(floor, ct).ConfigureAwait(false))
            {
                Route(envelope);
            }

            Progress(floor, floor);

            // Progress goes out when the stream has nothing more ready (or every 32 events): under load
            // one progress message to each cache covers a batch of events.
            await using var events = _journal.SubscribeAsync(floor + 1, ct).GetAsyncEnumerator(ct);
            var last = floor;
            var unannounced = 0;
            while (true)
            {
                var next = events.MoveNextAsync();
                if (!next.IsCompleted && unannounced > 0)
                {
                    Progress(last, _journal.CompactedRevision);
                    unannounced = 0;
                }

                if (!await next.ConfigureAwait(false))
                {
                    break;
                }

                var envelope = events.Current;
                Route(envelope);
                last = envelope.Revision;
                if (++unannounced >= 32)
                {
                    Progress(last, _journal.CompactedRevision);
                    unannounced = 0;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _log.LogCritical(e, "the watch cache feed stopped");
            _ready.TrySetException(e);
            throw;
        }
    }

    private void Route(Persistence.EventEnvelope envelope)
    {
        if (ResourceKey.TryParse(envelope.PersistenceId, out var group, out var plural, out _, out _)
            && _caches.TryGetValue((group, plural), out var cache))
        {
            cache.Tell(new CacheEvent(envelope), ActorRefs.NoSender);
        }
    }

    private void Progress(long revision, long compacted)
    {
        if (revision >= _head)
        {
            _ready.TrySetResult();
        }

        // Caches learn the revision before any waiter is released, so a list after the wait reports it.
        var progress = new CacheProgress(revision, compacted);
        foreach (var cache in _caches.Values)
        {
            cache.Tell(progress, ActorRefs.NoSender);
        }

        Volatile.Write(ref _processed, revision);
        lock (_waitersLock)
        {
            while (_waiters.TryPeek(out var waiter, out var wanted) && wanted <= revision)
            {
                _waiters.Dequeue();
                waiter.TrySetResult();
            }
        }
    }
}
