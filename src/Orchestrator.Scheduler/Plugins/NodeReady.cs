using System.Runtime.CompilerServices;
using Orchestrator.Scheduler.Framework;

namespace Orchestrator.Scheduler.Plugins;

/// <summary>
/// Filter: a node whose Ready condition is False is treated as tainted node.kubernetes.io/not-ready:NoSchedule,
/// one whose Ready condition is Unknown as node.kubernetes.io/unreachable:NoSchedule — the taints
/// Kubernetes' node lifecycle controller puts there (TaintNodesByCondition) — so a pod that does not
/// tolerate them is kept off the node even before the controller has acted, and gets the same reason
/// TaintToleration would give. A node that reports no Ready condition yet is not held back (neither is
/// it in Kubernetes until the controller marks it Unknown). Not a Kubernetes plugin: its CheckNodeCondition
/// predicate did this before taints took over.
/// </summary>
public sealed class NodeReady : IFilterPlugin
{
    private static readonly Taint NotReady = new(Taint.NotReadyKey, string.Empty, TaintEffect.NoSchedule);
    private static readonly Taint Unreachable = new(Taint.UnreachableKey, string.Empty, TaintEffect.NoSchedule);
    private static readonly Status NotReadyStatus = Status.Unresolvable(PluginNames.NodeReady, NotReady.UntoleratedReason);
    private static readonly Status UnreachableStatus = Status.Unresolvable(PluginNames.NodeReady, Unreachable.UntoleratedReason);

    public string Name => PluginNames.NodeReady;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Status? Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(node);
        return node.Readiness switch
        {
            NodeReadiness.NotReady => Toleration.AnyTolerates(pod.TolerationSpan, NotReady) ? null : NotReadyStatus,
            NodeReadiness.Unknown => Toleration.AnyTolerates(pod.TolerationSpan, Unreachable) ? null : UnreachableStatus,
            _ => null,
        };
    }
}
