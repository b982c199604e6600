using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Client.Events;
using Orchestrator.Client.Informers;
using Orchestrator.Client.WorkQueues;

namespace Orchestrator.Controllers.Machinery;

/// <summary>
/// The base of every controller loop: informers → work queue → reconcile, level-driven, as client-go
/// controllers are built. A controller declares in its constructor which informers it watches and how their
/// events map to keys (<see cref="Watch(InformerKey, Func{InformerEvent, IEnumerable{string}}?)"/>), and
/// implements <see cref="ReconcileAsync"/>, which compares the desired state of one key with what the listers
/// show and writes the difference through the API. Once every informer has synced, up to <see cref="Workers"/>
/// keys are reconciled at once, never two for the same key; a reconcile that throws is retried with the work
/// queue's back-off, one that returns forgets the key's failures.
/// </summary>
/// <remarks>
/// <see cref="ReconcileAsync"/> runs on the thread pool beside the actor, not inside it: it may use the
/// thread-safe members (<see cref="Client"/>, listers, <see cref="Recorder"/>, <see cref="Log"/>,
/// <see cref="Enqueue"/>, <see cref="EnqueueAfter"/>, <see cref="ControllerExpectations"/>, immutable fields) but
/// never the actor's Context, Sender or other mutable state.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor releases what it owns in PostStop.")]
public abstract class ControllerActor : UntypedActor, IWithTimers
{
    private const string DueTimer = "work-queue-due";

    private readonly Dictionary<InformerKey, Func<InformerEvent, IEnumerable<string>>> _handlers = [];
    private readonly HashSet<InformerKey> _unsynced = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly IActorRef _self;
    private readonly WorkQueue _queue;
    private bool _subscribed;
    private bool _synced;
    private int _running;

    /// <param name="name">The controller's name, as kube-controller-manager names it ("namespace-controller"): its Events' source.</param>
    /// <param name="workers">How many keys are reconciled at once (kube-controller-manager's --concurrent-*-syncs).</param>
    protected ControllerActor(ControllerContext context, string name, int workers = 1)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        Name = name;
        Workers = workers;
        Client = context.Client;
        Informers = context.Informers;
        Settings = context.Settings;
        Clock = context.Clock ?? new SchedulerTimeProvider(Context.System.Scheduler);
        Recorder = new EventRecorder(context.EventBroadcaster, new EventSource(name), Clock);
        Log = Context.GetLogger();
        _self = Self;
        _queue = new WorkQueue(context.Settings.WorkQueue.NewRateLimiter(Clock), Clock);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected string Name { get; }

    protected int Workers { get; }

    protected IKubeClient Client { get; }

    protected SharedInformerFactory Informers { get; }

    protected ControllerManagerSettings Settings { get; }

    protected TimeProvider Clock { get; }

    /// <summary>Records Events with this controller's name as their source.</summary>
    protected EventRecorder Recorder { get; }

    /// <summary>The actor's log; thread-safe, so a reconcile may use it too.</summary>
    protected ILoggingAdapter Log { get; }

    /// <summary>Keys waiting, queued or being reconciled (for tests and diagnostics; the actor's own view).</summary>
    protected WorkQueue Queue => _queue;

    /// <summary>
    /// Declares an informer this controller watches (in the constructor) and returns its lister. Every event of
    /// it is mapped to the keys to reconcile by <paramref name="keysOf"/>, by default the object's own key.
    /// </summary>
    protected Lister Watch(InformerKey informer, Func<InformerEvent, IEnumerable<string>>? keysOf = null)
    {
        ArgumentNullException.ThrowIfNull(informer);
        if (_subscribed)
        {
            throw new InvalidOperationException("informers are declared in the controller's constructor");
        }

        _handlers[informer] = keysOf ?? (e => [ObjectKey.Of(e.Object)]);
        return Informers.Lister(informer);
    }

    /// <summary>
    /// Watches one more informer once the controller runs (a controller that learns from discovery what to watch,
    /// as the garbage collector does); call it on the actor's thread (<see cref="OnMessage"/>). Until the new
    /// informer has synced, no key is reconciled, as when the controller started.
    /// </summary>
    protected Lister WatchLater(InformerKey informer, Func<InformerEvent, IEnumerable<string>> keysOf)
    {
        ArgumentNullException.ThrowIfNull(informer);
        ArgumentNullException.ThrowIfNull(keysOf);
        if (!_handlers.ContainsKey(informer))
        {
            _handlers[informer] = keysOf;
            _unsynced.Add(informer);
            _synced = false;
            Informers.Subscribe(informer, Self);
        }

        return Informers.Lister(informer);
    }

    /// <inheritdoc cref="Watch(InformerKey, Func{InformerEvent, IEnumerable{string}}?)"/>
    protected Lister Watch(ResourceRef resource, Func<InformerEvent, IEnumerable<string>>? keysOf = null) =>
        Watch(new InformerKey(resource), keysOf);

    /// <summary>
    /// Brings the state of one key to what it should be. Throwing retries the key with back-off; returning
    /// forgets its failures (call <see cref="EnqueueAfter"/> to look again later anyway).
    /// </summary>
    /// <param name="cancellationToken">Cancelled when the controller stops.</param>
    protected abstract Task ReconcileAsync(string key, CancellationToken cancellationToken);

    /// <summary>Queues a key for reconciliation; callable from any thread.</summary>
    protected void Enqueue(string key) => EnqueueAfter(key, TimeSpan.Zero);

    /// <summary>Queues a key once the delay has passed; callable from any thread.</summary>
    protected void EnqueueAfter(string key, TimeSpan delay)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _self.Tell(new EnqueueKey(key, delay), ActorRefs.NoSender);
    }

    /// <summary>Messages that are not the machinery's; unhandled by default.</summary>
    protected virtual void OnMessage(object message) => Unhandled(message);

    /// <summary>Called once the controller has stopped, after in-flight reconciles were cancelled.</summary>
    protected virtual void OnStopped()
    {
    }

    protected sealed override void PreStart()
    {
        _subscribed = true;
        foreach (var informer in _handlers.Keys)
        {
            _unsynced.Add(informer);
            Informers.Subscribe(informer, Self);
        }

        if (_unsynced.Count == 0)
        {
            _synced = true;
        }
    }

    protected sealed override void PostStop()
    {
        // Cancelled, not disposed: reconciles still running may yet read its token.
        _stopping.Cancel();
        foreach (var informer in _handlers.Keys)
        {
            Informers.Unsubscribe(informer, Self);
        }

        OnStopped();
    }

    protected sealed override void OnReceive(object message)
    {
        switch (message)
        {
            case InformerEvent e:
                if (_handlers.TryGetValue(e.Informer, out var keysOf))
                {
                    foreach (var key in keysOf(e))
                    {
                        _queue.Add(key);
                    }

                    Pump();
                }

                break;
            case InformerSynced s:
                if (_unsynced.Remove(s.Informer) && _unsynced.Count == 0 && !_synced)
                {
                    _synced = true;
                    Log.Info("{0}: caches synced, {1} keys queued", Name, _queue.Length);
                    Pump();
                }

                break;
            case EnqueueKey k:
                _queue.AddAfter(k.Key, k.Delay);
                Pump();
                break;
            case QueueDue:
                Pump();
                break;
            case Reconciled r:
                Finished(r);
                break;
            default:
                OnMessage(message);
                break;
        }
    }

    /// <summary>Starts reconciles while workers are free and keys are ready, then sets the timer for the next waiting key.</summary>
    private void Pump()
    {
        if (!_synced)
        {
            return;
        }

        while (_running < Workers && _queue.TryGet(out var key))
        {
            _running++;
            var token = _stopping.Token;
            _ = Task.Run(() => RunAsync(key, token), CancellationToken.None);
        }

        // With every worker busy, a finishing reconcile pumps again; a timer now could only spin.
        if (_running < Workers && _queue.NextDueIn() is { } due)
        {
            Timers.StartSingleTimer(DueTimer, QueueDue.Instance, due);
        }
    }

    private async Task RunAsync(string key, CancellationToken cancellationToken)
    {
        Exception? error = null;
        try
        {
            await ReconcileAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            error = e;
        }

        _self.Tell(new Reconciled(key, error), ActorRefs.NoSender);
    }

    private void Finished(Reconciled r)
    {
        _running--;
        if (r.Error is null)
        {
            _queue.Forget(r.Key);
        }
        else if (r.Error is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            var delay = _queue.AddRateLimited(r.Key);

            // The API's refusals (a conflict, a namespace going away) and what is not possible yet are part of
            // reconciling: their message says enough. Anything else is a fault worth its stack trace.
            object reason = r.Error is KubeApiException or HttpRequestException or TimeoutException or NotYetPossibleException ? r.Error.Message : r.Error;
            Log.Warning("{0}: reconciling {1} failed, retry {2} in {3}: {4}", Name, r.Key, _queue.NumRequeues(r.Key), delay, reason);
        }

        _queue.Done(r.Key);
        Pump();
    }

    private sealed record EnqueueKey(string Key, TimeSpan Delay);

    private sealed record QueueDue
    {
        public static readonly QueueDue Instance = new();
    }

    private sealed record Reconciled(string Key, Exception? Error) : INoSerializationVerificationNeeded;
}
