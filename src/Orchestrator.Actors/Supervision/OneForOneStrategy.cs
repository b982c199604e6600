using Orchestrator.Actors.Cell;
using Orchestrator.Actors.Supervision;

namespace Orchestrator.Actors;

/// <summary>Applies the directive to the failed child only.</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    public OneForOneStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider)
        : base(maxNrOfRetries, withinTimeRange, decider)
    {
    }

    public OneForOneStrategy(Func<Exception, Directive> decider)
        : this(-1, null, decider)
    {
    }

    internal override void ProcessFailure(ActorCell supervisor, bool restart, ChildRestartStats failed, Exception cause)
    {
        if (restart)
        {
            supervisor.RestartChild(failed.Child, cause);
        }
        else
        {
            ActorCell.StopChild(failed.Child);
        }
    }

    private protected override bool RequestRestartPermission(ActorCell supervisor, ChildRestartStats failed) =>
        failed.RequestRestartPermission(MaxNumberOfRetries, WithinTimeRange);
}
