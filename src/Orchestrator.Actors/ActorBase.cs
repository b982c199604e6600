using Orchestrator.Actors.Cell;

namespace Orchestrator.Actors;

/// <summary>
/// The base of every actor. Instances are made by the kernel from <see cref="Props"/>, never with
/// <c>new</c>; the constructor may already use Context (ActorOf, Watch, timers).
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;

    protected ActorBase()
    {
        _cell = ActorCell.Constructing
            ?? throw new ActorInitializationException($"{GetType().Name} must be created by ActorOf(Props), not with new");
        _cell.Inject(this);
    }

    protected IActorContext Context => _cell;

    protected IActorRef Self => _cell.Self;

    protected IActorRef Sender => _cell.Sender;

    internal virtual Receive InitialBehavior => Receive;

    /// <summary>Handles a message; returns false when it did not, which makes it unhandled.</summary>
    protected internal abstract bool Receive(object message);

    protected virtual void PreStart()
    {
    }

    protected virtual void PostStop()
    {
    }

    /// <summary>Before a restart: by default stops every child and runs PostStop.</summary>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.GetChildren())
        {
            Context.Unwatch(child);
            Context.Stop(child);
        }

        PostStop();
    }

    /// <summary>After a restart, on the fresh instance: by default runs PreStart.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>How this actor supervises its children; Akka's default restarts on any exception.</summary>
    protected virtual SupervisorStrategy SupervisorStrategy() => Actors.SupervisorStrategy.DefaultStrategy;

    /// <summary>An unhandled Terminated is a death pact; anything else is published as <see cref="UnhandledMessage"/>.</summary>
    protected virtual void Unhandled(object message)
    {
        if (message is Terminated terminated)
        {
            throw new DeathPactException($"{Self.Path} did not handle Terminated of {terminated.ActorRef.Path}");
        }

        _cell.System.EventStream.Publish(new UnhandledMessage(message, Sender, Self));
    }

    /// <summary>
    /// Runs async work as part of handling the current message: the mailbox takes no other message until
    /// the task completes, and every await continues on this actor (Akka's RunTask).
    /// </summary>
    protected void RunTask(Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _cell.RunAsync(action);
    }

    internal virtual void OnConstructed()
    {
    }

    internal void InvokeUnhandled(object message) => Unhandled(message);

    internal void InvokePreStart() => PreStart();

    internal void InvokePostStop() => PostStop();

    internal void InvokePreRestart(Exception reason, object? message) => PreRestart(reason, message);

    internal void InvokePostRestart(Exception reason) => PostRestart(reason);

    internal SupervisorStrategy InvokeSupervisorStrategy() => SupervisorStrategy();

    private protected ActorCell Cell => _cell;
}
