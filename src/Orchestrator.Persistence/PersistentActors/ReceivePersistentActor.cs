using Orchestrator.Actors;

namespace Orchestrator.Persistence.PersistentActors;

/// <summary>A persistent actor that declares its command and recover handlers in its constructor.</summary>
public abstract class ReceivePersistentActor : PersistentActor
{
    private readonly List<Func<object, bool>> _commands = [];
    private readonly List<Func<object, bool>> _recovers = [];

    protected void Command<T>(Action<T> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _commands.Add(Match(handler, shouldHandle));
    }

    /// <summary>An async command: no other command is handled until it completes, and its persists are flushed after it.</summary>
    protected void CommandAsync<T>(Func<T, Task> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _commands.Add(Match<T>(command => RunTask(() => handler(command)), shouldHandle));
    }

    protected void CommandAny(Action<object> handler) => Command(handler);

    protected void Recover<T>(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _recovers.Add(Match(handler, null));
    }

    protected sealed override bool ReceiveCommand(object message) => Dispatch(_commands, message);

    protected sealed override bool ReceiveRecover(object message) => Dispatch(_recovers, message);

    private static bool Dispatch(List<Func<object, bool>> handlers, object message)
    {
        foreach (var handler in handlers)
        {
            if (handler(message))
            {
                return true;
            }
        }

        return false;
    }

    private static Func<object, bool> Match<T>(Action<T> handler, Predicate<T>? shouldHandle) => message =>
    {
        if (message is T typed && (shouldHandle is null || shouldHandle(typed)))
        {
            handler(typed);
            return true;
        }

        return false;
    };
}
