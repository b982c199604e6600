using System.Runtime.CompilerServices;
using Orchestrator.Scheduler.Framework;

namespace Orchestrator.Scheduler.Plugins;

/// <summary>
/// Filter: the pod's host ports (hostPort above 0) must be free on the node, by protocol and address
/// (0.0.0.0 clashes with every address). Preemption can help: evicting the holder frees the port.
/// </summary>
public sealed class NodePorts : IPreFilterPlugin, IFilterPlugin
{
    public const string Reason = "node(s) didn't have free ports for the requested pod ports";

    private static readonly Status Rejected = Status.Unschedulable(PluginNames.NodePorts, Reason);

    public string Name => PluginNames.NodePorts;

    public Status? PreFilter(CycleState state, PodInfo pod, Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.HostPorts.Count == 0 ? Status.Skip : null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Status? Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(node);
        foreach (var port in pod.HostPortSpan)
        {
            if (node.UsedPorts.Conflicts(port))
            {
                return Rejected;
            }
        }

        return null;
    }
}
