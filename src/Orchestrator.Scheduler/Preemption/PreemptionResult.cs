using Orchestrator.Scheduler.Framework;

namespace Orchestrator.Scheduler.Preemption;

/// <summary>
/// What preemption decided for a pod that fits nowhere: the node to nominate and the pods to evict there
/// (highest priority first), or why there is none. The scheduler actor evicts the victims, sets the pod's
/// status.nominatedNodeName, and retries the pod once they are gone.
/// </summary>
public sealed class PreemptionResult
{
    internal PreemptionResult(string? nominatedNode, IReadOnlyList<PodInfo> victims, string message)
    {
        NominatedNode = nominatedNode;
        Victims = victims;
        Message = message;
    }

    /// <summary>The node where evicting <see cref="Victims"/> makes the pod fit; null when preemption cannot help.</summary>
    public string? NominatedNode { get; }

    public IReadOnlyList<PodInfo> Victims { get; }

    public bool Succeeded => NominatedNode is not null;

    /// <summary>"preemption: ..." when preemption failed, as kube-scheduler appends it to FailedScheduling; empty on success.</summary>
    public string Message { get; }

    internal static PreemptionResult Failed(string message) => new(null, [], "preemption: " + message);

    public override string ToString() => Succeeded ? $"evict {string.Join(", ", Victims)} on {NominatedNode}" : Message;
}
