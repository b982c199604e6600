using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Orchestrator.Api.Entities;
using Orchestrator.Persistence.Query;

namespace Orchestrator.Api.Watch;

/// <summary>
/// Tails the journal's global stream (the read journal's AllEvents, pushed from the commit path) and
/// hands each event to the watch cache of its type, in journal order. It knows how far the caches are,
/// so a consistent read can wait until they have applied everything committed before it started
/// (Kubernetes' consistent reads from cache).
/// </summary>
public sealed class WatchCacheFeeder : IAsyncDisposable
{
    /// <summary>Events routed before the caches hear of the progress, when events arrive faster than they are routed.</summary>
    private const int MaxBatch = 256;

    private readonly JournalReadJournal _journal;
    private readonly IReadOnlyDictionary<(string Group, string Plural), IActorRef> _caches;
    private readonly ActorSystem _system;
    private readonly ILoggingAdapter _log;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _waitersLock = new();
    private readonly PriorityQueue<TaskCompletionSource, long> _waiters = new();
    private readonly CancellationTokenSource _stop = new();
    private UniqueKillSwitch? _killSwitch;
    private Task? _loop;
    private long _processed;

    public WatchCacheFeeder(JournalReadJournal journal, IReadOnlyDictionary<(string Group, string Plural), IActorRef> caches, ActorSystem system)
    {
        _journal = journal;
        _caches = caches;
        _system = system;
        _log = Logging.GetLogger(system, typeof(WatchCacheFeeder));
    }

    /// <summary>The revision of the last event every cache has been handed.</summary>
    public long ProcessedRevision => Volatile.Read(ref _processed);

    /// <summary>Completes once the caches hold everything the journal held at start.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Fails (with the cause) if the feed stopped for a reason other than disposal.</summary>
    public Task Completion => _loop ?? Task.CompletedTask;

    public JournalReadJournal Journal => _journal;

    public void Start() => _loop = RunAsync();

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

        return WaitAsync(waiter, ct);
    }

    /// <summary>Waits for <paramref name="waiter"/>; a waiter given up on leaves the queue, so abandoned reads of far-off revisions cost nothing.</summary>
    private async Task WaitAsync(TaskCompletionSource waiter, CancellationToken ct)
    {
        try
        {
            await waiter.Task.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_waitersLock)
            {
                _waiters.Remove(waiter, out _, out _);
            }

            throw;
        }
    }

    /// <summary>Waits until the caches have applied everything committed so far: a consistent read.</summary>
    public async Task WaitForHeadAsync(CancellationToken ct) =>
        await WaitForAsync(await _journal.HighestRevisionAsync(ct).ConfigureAwait(false), ct).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _killSwitch?.Shutdown();
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or AbruptTerminationException)
            {
            }
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            var materializer = _system.Materializer(namePrefix: "watch-cache-feeder");

            // First every event still stored, up to the head: below the compaction floor only what each
            // object's latest state needs survives, enough to rebuild it. Then the caches are ready.
            var floor = _journal.CompactedRevision;
            var last = floor;
            await _journal.CurrentAllEvents(NoOffset.Instance)
                .Batch(MaxBatch, e => new List<EventEnvelope> { e }, (batch, e) => { batch.Add(e); return batch; })
                .RunForeach(batch => last = Math.Max(last, Route(batch)), materializer)
                .WaitAsync(_stop.Token)
                .ConfigureAwait(false);
            Progress(last);
            _ready.TrySetResult();

            // Then live, from where the history ended.
            var (killSwitch, done) = _journal.AllEvents(new Sequence(last))
                .ViaMaterialized(KillSwitches.Single<EventEnvelope>(), Keep.Right)
                .Batch(MaxBatch, e => new List<EventEnvelope> { e }, (batch, e) => { batch.Add(e); return batch; })
                .ToMaterialized(Sink.ForEach<List<EventEnvelope>>(batch => Progress(Route(batch))), Keep.Both)
                .Run(materializer);
            _killSwitch = killSwitch;
            if (_stop.IsCancellationRequested)
            {
                killSwitch.Shutdown();
            }

            await done.ConfigureAwait(false);
        }
        catch (Exception e) when (!_stop.IsCancellationRequested)
        {
            _log.Error(e, "the watch cache feed stopped");
            _ready.TrySetException(e);
            throw;
        }
    }

    /// <summary>Hands each event to its type's cache; returns the last revision.</summary>
    private long Route(List<EventEnvelope> batch)
    {
        foreach (var envelope in batch)
        {
            if (envelope.Event is ResourceEvent e
                && ResourceKey.TryParse(envelope.PersistenceId, out var key)
                && _caches.TryGetValue((key.Group, key.Plural), out var cache))
            {
                cache.Tell(new CacheEvent(e), ActorRefs.NoSender);
            }
        }

        return ((Sequence)batch[^1].Offset).Value;
    }

    private void Progress(long revision)
    {
        // Caches learn the revision before any waiter is released, so a list after the wait reports it.
        var progress = new CacheProgress(revision, _journal.CompactedRevision);
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
