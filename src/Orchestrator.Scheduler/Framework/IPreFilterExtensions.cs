namespace Orchestrator.Scheduler.Framework;

/// <summary>
/// Implemented by plugins whose PreFilter state counts pods (pod affinity, topology spread): preemption's
/// dry run tells them about pods it removes from or adds back to a node.
/// </summary>
public interface IPreFilterExtensions : IPlugin
{
    void AddPod(CycleState state, PodInfo podToSchedule, PodInfo podToAdd, NodeInfo node);

    void RemovePod(CycleState state, PodInfo podToSchedule, PodInfo podToRemove, NodeInfo node);
}
