using Orchestrator.Actors.Cell;
using Orchestrator.Actors.Supervision;

namespace Orchestrator.Actors;

/// <summary>Applies the directive to every child of the supervisor: for children that only work together.</summary>
public sealed class AllForOneStrategy : SupervisorStrategy
{
    public AllForOneStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider)
        : base(maxNrOfRetries, withinTimeRange, decider)
    {
    }

    public AllForOneStrategy(Func<Exception, Directive> decider)
        : this(-1, null, decider)
    {
    }

    internal override void ProcessFailure(ActorCell supervisor, bool restart, ChildRestartStats failed, Exception cause)
    {
        foreach (var stats in supervisor.ChildStats)
        {
            if (restart)
            {
                supervisor.RestartChild(stats.Child, cause);
            }
            else
            {
                ActorCell.StopChild(stats.Child);
            }
        }
    }

    private protected override bool RequestRestartPermission(ActorCell supervisor, ChildRestartStats failed) =>
        supervisor.ChildStats.All(stats => stats.RequestRestartPermission(MaxNumberOfRetries, WithinTimeRange));
}
