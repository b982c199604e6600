namespace Orchestrator.Scheduler.Plugins;

/// <summary>The plugins' names, Kubernetes' where it has the plugin.</summary>
public static class PluginNames
{
    public const string NodeUnschedulable = "NodeUnschedulable";
    public const string NodeReady = "NodeReady";
    public const string TaintToleration = "TaintToleration";
    public const string NodeAffinity = "NodeAffinity";
    public const string NodePorts = "NodePorts";
    public const string NodeResourcesFit = "NodeResourcesFit";
    public const string NodeResourcesBalancedAllocation = "NodeResourcesBalancedAllocation";
    public const string PodTopologySpread = "PodTopologySpread";
    public const string InterPodAffinity = "InterPodAffinity";
}
