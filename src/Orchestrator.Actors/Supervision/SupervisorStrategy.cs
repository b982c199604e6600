using Microsoft.Extensions.Logging;
using Orchestrator.Actors.Cell;
using Orchestrator.Actors.Supervision;

namespace Orchestrator.Actors;

/// <summary>
/// Decides what happens to a failed child. A decider maps the exception to a directive; restarts are
/// limited to <see cref="MaxNumberOfRetries"/> within <see cref="WithinTimeRange"/>, past which the child is stopped.
/// </summary>
public abstract class SupervisorStrategy
{
    protected SupervisorStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider)
    {
        ArgumentNullException.ThrowIfNull(decider);
        MaxNumberOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
        Decider = decider;
    }

    /// <summary>Restart on any exception, without limit, as Akka does; stop on the kernel's own exceptions.</summary>
    public static SupervisorStrategy DefaultStrategy { get; } = new OneForOneStrategy(DefaultDecider);

    public static SupervisorStrategy StoppingStrategy { get; } = new OneForOneStrategy(_ => Directive.Stop);

    /// <summary>-1 means no limit.</summary>
    public int MaxNumberOfRetries { get; }

    public TimeSpan? WithinTimeRange { get; }

    public Func<Exception, Directive> Decider { get; }

    public static Directive DefaultDecider(Exception exception) => exception switch
    {
        ActorInitializationException or ActorKilledException or DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    internal void HandleFailure(ActorCell supervisor, ChildRestartStats failed, Exception cause)
    {
        var directive = Decider(cause);
        var child = failed.Child;
        if (directive == Directive.Escalate)
        {
            supervisor.Log.LogError(cause, "{Path} failed; escalating", child.Path);
            supervisor.Escalate(cause);
            return;
        }

        if (directive == Directive.Resume)
        {
            supervisor.Log.LogWarning(cause, "{Path} failed; resuming", child.Path);
            supervisor.ResumeChild(child);
            return;
        }

        var restart = directive == Directive.Restart;
        var permitted = restart && RequestRestartPermission(supervisor, failed);
        supervisor.Log.LogError(cause, "{Path} failed; {Directive}", child.Path, permitted ? "restarting" : "stopping");
        ProcessFailure(supervisor, permitted, failed, cause);
    }

    /// <summary>Restart (when permitted) or stop the failed child — or, for all-for-one, every child.</summary>
    internal abstract void ProcessFailure(ActorCell supervisor, bool restart, ChildRestartStats failed, Exception cause);

    private protected abstract bool RequestRestartPermission(ActorCell supervisor, ChildRestartStats failed);
}
