namespace Orchestrator.Scheduler.Framework;

/// <summary>
/// Data in a <see cref="CycleState"/> that changes when preemption's dry run removes or adds pods
/// (Kubernetes' StateData.Clone): each candidate node gets its own copy.
/// </summary>
public interface ICycleData
{
    ICycleData Clone();
}
