using Microsoft.Extensions.Logging;
using Orchestrator.Actors.Dispatch;
using Orchestrator.Actors.Timers;

namespace Orchestrator.Actors.Cell;

/// <summary>
/// The kernel's side of an actor: its mailbox, the current instance and behaviour, its children,
/// who it watches and who watches it. Everything here runs on the actor's mailbox, one message at a
/// time, except what is marked thread-safe (child registration, the mailbox itself).
/// </summary>
internal sealed partial class ActorCell : IActorContext
{
    [ThreadStatic]
    private static ActorCell? _currentCell;

    [ThreadStatic]
    private static ActorCell? _constructingCell;

    private ActorBase? _actor;
    private Receive? _behavior;
    private Stack<Receive>? _behaviorStack;
    private Envelope _current;
    private Queue<Envelope>? _front;
    private int _suspendCount;
    private bool _awaiting;
    private ILogger? _log;

    public ActorCell(ActorSystem system, Props props, IInternalActorRef parent, ActorPath path)
    {
        System = system;
        Props = props;
        ParentRef = parent;
        Self = new LocalActorRef(this, path);
        Mailbox = new Mailbox(this, system.Settings.Throughput);
        _current = new Envelope(this, ActorRefs.NoSender);
    }

    /// <summary>The cell whose mailbox runs on this thread, for the implicit sender of Tell.</summary>
    internal static ActorCell? Current
    {
        get => _currentCell;
        set => _currentCell = value;
    }

    /// <summary>The cell whose actor is being constructed on this thread; ActorBase's constructor binds to it.</summary>
    internal static ActorCell? Constructing => _constructingCell;

    public ActorSystem System { get; }

    public Props Props { get; }

    public LocalActorRef Self { get; }

    public IInternalActorRef ParentRef { get; }

    public Mailbox Mailbox { get; }

    /// <summary>Bumped on every restart so that continuations and timers of an old instance are dropped.</summary>
    public int Incarnation { get; private set; }

    public Envelope CurrentEnvelope => _current;

    IActorRef IActorContext.Self => Self;

    public IActorRef Sender => _current.Sender;

    public IActorRef Parent => ParentRef;

    public ILogger Log => _log ??= System.LoggerFactory.CreateLogger(Props.ActorType.FullName ?? Props.ActorType.Name);

    public bool CanProcessUserMessages => _suspendCount == 0 && !_awaiting && !_terminating && _actor is not null;

    public bool HasFrontMessages => _front is { Count: > 0 };

    internal ActorBase? Actor => _actor;

    public void Become(Receive receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        _behaviorStack?.Clear();
        _behavior = receive;
    }

    public void BecomeStacked(Receive receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        (_behaviorStack ??= new Stack<Receive>()).Push(_behavior!);
        _behavior = receive;
    }

    public void UnbecomeStacked()
    {
        if (_behaviorStack is { Count: > 0 })
        {
            _behavior = _behaviorStack.Pop();
        }
    }

    /// <summary>Runs one user message through the kernel's own handling, then the actor's behaviour.</summary>
    public void Invoke(Envelope envelope)
    {
        _current = envelope;
        var message = envelope.Message;
        try
        {
            if (message is IAutoReceivedMessage)
            {
                AutoReceive(message);
            }
            else if (message is TimerMessage timerMessage)
            {
                if (_timers is not null && _timers.Accept(timerMessage, Incarnation))
                {
                    ReceiveMessage(timerMessage.Message);
                }
            }
            else
            {
                ReceiveMessage(message);
            }
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e);
        }

        if (_receiveTimeout is not null && message is not INotInfluenceReceiveTimeout)
        {
            RescheduleReceiveTimeout();
        }
    }

    /// <summary>Puts messages back at the head of the mailbox, in their order (unstash).</summary>
    public void Prepend(IReadOnlyList<Envelope> envelopes)
    {
        if (envelopes.Count == 0)
        {
            return;
        }

        var front = new Queue<Envelope>(envelopes.Count + (_front?.Count ?? 0));
        foreach (var envelope in envelopes)
        {
            front.Enqueue(envelope);
        }

        if (_front is not null)
        {
            while (_front.TryDequeue(out var envelope))
            {
                front.Enqueue(envelope);
            }
        }

        _front = front;
    }

    public bool TryDequeueFront(out Envelope envelope)
    {
        if (_front is { Count: > 0 })
        {
            envelope = _front.Dequeue();
            return true;
        }

        envelope = default;
        return false;
    }

    /// <summary>Runs an async handler: the mailbox holds further user messages until its task completes.</summary>
    public void RunAsync(Func<Task> handler)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(new ActorSynchronizationContext(this, Incarnation));
        Task task;
        try
        {
            task = handler();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        if (task.IsCompleted)
        {
            task.GetAwaiter().GetResult();
            return;
        }

        _awaiting = true;
        var incarnation = Incarnation;
        task.ContinueWith(
            static (t, state) =>
            {
                var (cell, incarnation) = ((ActorCell, int))state!;
                cell.Mailbox.PostSystem(new AsyncCompleted(t, incarnation));
            },
            (this, incarnation),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public void SystemInvoke(SystemMessage message)
    {
        try
        {
            switch (message)
            {
                case AsyncContinuation continuation:
                    RunContinuation(continuation);
                    break;
                case AsyncCompleted completed:
                    HandleAsyncCompleted(completed);
                    break;
                case Create:
                    HandleCreate();
                    break;
                case Terminate:
                    HandleTerminate();
                    break;
                case Failed failed:
                    HandleFailed(failed);
                    break;
                case Resume:
                    HandleResume();
                    break;
                case Recreate recreate:
                    HandleRecreate(recreate.Cause);
                    break;
                case Watch watch:
                    HandleWatch(watch);
                    break;
                case Unwatch unwatch:
                    HandleUnwatch(unwatch);
                    break;
                case DeathWatchNotification notification:
                    HandleDeathWatchNotification(notification);
                    break;
                case ChildTerminated childTerminated:
                    HandleChildTerminated(childTerminated.Child);
                    break;
                default:
                    throw new InvalidOperationException($"unknown system message {message.GetType().Name}");
            }
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e);
        }
    }

    /// <summary>A system message that reached a dead actor: a watch is answered at once, the rest dropped.</summary>
    public void OnDeadSystemMessage(SystemMessage message)
    {
        if (message is Watch watch && !ReferenceEquals(watch.Watcher, Self))
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(Self, ExistenceConfirmed: false));
        }
    }

    private void ReceiveMessage(object message)
    {
        if (!_behavior!(message))
        {
            _actor!.InvokeUnhandled(message);
        }
    }

    private void AutoReceive(object message)
    {
        switch (message)
        {
            case Terminated terminated:
                // Delivered only if still watched: Unwatch guarantees no Terminated afterwards.
                if (_watching is not null && _watching.Remove(terminated.ActorRef))
                {
                    ReceiveMessage(terminated);
                }

                break;
            case PoisonPill:
                Self.SendSystemMessage(new Terminate());
                break;
            case Kill:
                throw new ActorKilledException($"{Self.Path} received Kill");
            case Identify identify:
                Sender.Tell(new ActorIdentity(identify.MessageId, Self), Self);
                break;
            default:
                ReceiveMessage(message);
                break;
        }
    }

    private void RunContinuation(AsyncContinuation continuation)
    {
        if (continuation.Incarnation != Incarnation || _actor is null)
        {
            return;
        }

        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(new ActorSynchronizationContext(this, Incarnation));
        try
        {
            continuation.Callback(continuation.State);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void HandleAsyncCompleted(AsyncCompleted completed)
    {
        if (completed.Incarnation != Incarnation)
        {
            return;
        }

        _awaiting = false;
        if (completed.Task.IsFaulted || completed.Task.IsCanceled)
        {
            HandleInvokeFailure(completed.Task.Exception?.InnerException ?? new TaskCanceledException(completed.Task));
        }
    }

    private void HandleCreate()
    {
        try
        {
            CreateActor();
            _actor!.InvokePreStart();
        }
        catch (Exception e)
        {
            HandleInvokeFailure(new ActorInitializationException($"{Self.Path}: exception during creation: {e.Message}", e));
        }
    }

    private void CreateActor()
    {
        _actor = null;
        _behavior = null;
        _behaviorStack = null;
        var previous = _constructingCell;
        _constructingCell = this;
        try
        {
            var actor = Props.NewActor();
            _behavior = actor.InitialBehavior;
            actor.OnConstructed();
            _actor = actor;
        }
        finally
        {
            _constructingCell = previous;
        }
    }

    /// <summary>Called from ActorBase's constructor, before the derived constructor's body, so timers and stash work there.</summary>
    internal void Inject(ActorBase actor)
    {
        if (actor is IWithTimers withTimers)
        {
            withTimers.Timers = _timers ??= new TimerScheduler(this);
        }

        if (actor is IWithStash withStash)
        {
            withStash.Stash = new Stash.UnboundedStash(this);
        }
    }

    public override string ToString() => Self.ToString();
}
