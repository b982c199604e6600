namespace Orchestrator.Actors;

/// <summary>
/// An actor that declares its handlers in its constructor (or inside Become): the first handler whose
/// type and predicate match a message takes it.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    private readonly HandlerSet _initial = new();
    private HandlerSet? _configuring;

    protected ReceiveActor()
    {
        _configuring = _initial;
    }

    internal override Receive InitialBehavior => _initial.Handle;

    protected internal sealed override bool Receive(object message) => _initial.Handle(message);

    protected void Receive<T>(Action<T> handler, Predicate<T>? shouldHandle = null) =>
        Configuring.Add(new SyncHandler<T>(handler, shouldHandle));

    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler) =>
        Configuring.Add(new SyncHandler<T>(handler, shouldHandle));

    /// <summary>An async handler: the mailbox takes no other message until the returned task completes.</summary>
    protected void ReceiveAsync<T>(Func<T, Task> handler, Predicate<T>? shouldHandle = null) =>
        Configuring.Add(new AsyncHandler<T>(Cell, handler, shouldHandle));

    protected void ReceiveAny(Action<object> handler) => Configuring.Add(new SyncHandler<object>(handler, null));

    protected void ReceiveAnyAsync(Func<object, Task> handler) => Configuring.Add(new AsyncHandler<object>(Cell, handler, null));

    /// <summary>Replaces the behaviour with the handlers that <paramref name="configure"/> declares.</summary>
    protected void Become(Action configure) => Context.Become(Build(configure));

    protected void BecomeStacked(Action configure) => Context.BecomeStacked(Build(configure));

    protected void UnbecomeStacked() => Context.UnbecomeStacked();

    internal override void OnConstructed() => _configuring = null;

    private HandlerSet Configuring => _configuring
        ?? throw new IllegalActorStateException("Receive handlers may only be declared in the constructor or inside Become");

    private Receive Build(Action configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var set = new HandlerSet();
        var previous = _configuring;
        _configuring = set;
        try
        {
            configure();
        }
        finally
        {
            _configuring = previous;
        }

        return set.Handle;
    }

    private sealed class HandlerSet
    {
        private Handler[] _handlers = [];

        public void Add(Handler handler) => _handlers = [.. _handlers, handler];

        public bool Handle(object message)
        {
            foreach (var handler in _handlers)
            {
                if (handler.TryHandle(message))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private abstract class Handler
    {
        public abstract bool TryHandle(object message);
    }

    private sealed class SyncHandler<T>(Action<T> handler, Predicate<T>? shouldHandle) : Handler
    {
        public override bool TryHandle(object message)
        {
            if (message is T typed && (shouldHandle is null || shouldHandle(typed)))
            {
                handler(typed);
                return true;
            }

            return false;
        }
    }

    private sealed class AsyncHandler<T>(Cell.ActorCell cell, Func<T, Task> handler, Predicate<T>? shouldHandle) : Handler
    {
        public override bool TryHandle(object message)
        {
            if (message is T typed && (shouldHandle is null || shouldHandle(typed)))
            {
                cell.RunAsync(() => handler(typed));
                return true;
            }

            return false;
        }
    }
}
