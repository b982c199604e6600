using System.Runtime.CompilerServices;
using Orchestrator.Scheduler.Framework;

namespace Orchestrator.Scheduler.Plugins;

/// <summary>
/// Filter: a cordoned node (spec.unschedulable) takes only pods that tolerate the
/// node.kubernetes.io/unschedulable:NoSchedule taint it stands for. Preemption cannot help.
/// </summary>
public sealed class NodeUnschedulable : IFilterPlugin
{
    public const string Reason = "node(s) were unschedulable";

    private static readonly Taint UnschedulableTaint = new(Taint.UnschedulableKey, string.Empty, TaintEffect.NoSchedule);
    private static readonly Status Rejected = Status.Unresolvable(PluginNames.NodeUnschedulable, Reason);

    public string Name => PluginNames.NodeUnschedulable;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Status? Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(node);
        return !node.Unschedulable || Toleration.AnyTolerates(pod.TolerationSpan, UnschedulableTaint) ? null : Rejected;
    }
}
