using Orchestrator.Scheduler.Plugins;

namespace Orchestrator.Scheduler;

/// <summary>
/// How much each score plugin counts (Kubernetes' default profile: TaintToleration 3, NodeAffinity 2,
/// InterPodAffinity 2, PodTopologySpread 2, NodeResourcesFit 1, NodeResourcesBalancedAllocation 1).
/// A weight of 0 turns the plugin's scoring off.
/// </summary>
public sealed record PluginWeights
{
    public int NodeResourcesFit { get; init; } = 1;

    public int NodeResourcesBalancedAllocation { get; init; } = 1;

    public int NodeAffinity { get; init; } = 2;

    public int InterPodAffinity { get; init; } = 2;

    public int PodTopologySpread { get; init; } = 2;

    public int TaintToleration { get; init; } = 3;

    /// <summary>The weights by plugin name.</summary>
    public IReadOnlyDictionary<string, int> ByName() => new Dictionary<string, int>(StringComparer.Ordinal)
    {
        [PluginNames.NodeResourcesFit] = NodeResourcesFit,
        [PluginNames.NodeResourcesBalancedAllocation] = NodeResourcesBalancedAllocation,
        [PluginNames.NodeAffinity] = NodeAffinity,
        [PluginNames.InterPodAffinity] = InterPodAffinity,
        [PluginNames.PodTopologySpread] = PodTopologySpread,
        [PluginNames.TaintToleration] = TaintToleration,
    };
}
