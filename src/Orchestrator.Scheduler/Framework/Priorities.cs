namespace Orchestrator.Scheduler.Framework;

/// <summary>
/// Pod priorities. The API's Priority admission resolves spec.priority when a pod is created (the two
/// built-in classes below, otherwise 0), so the scheduler reads spec.priority and falls back to the same
/// resolution only for a pod that somehow lacks it.
/// </summary>
public static class Priorities
{
    public const string SystemClusterCritical = "system-cluster-critical";
    public const string SystemNodeCritical = "system-node-critical";

    /// <summary>The priority of system-cluster-critical.</summary>
    public const int SystemClusterCriticalValue = 2_000_000_000;

    /// <summary>The priority of system-node-critical.</summary>
    public const int SystemNodeCriticalValue = 2_000_001_000;

    /// <summary>The priority of a priorityClassName, for the classes known without a PriorityClass object.</summary>
    public static int OfClass(string? priorityClassName) => priorityClassName switch
    {
        SystemNodeCritical => SystemNodeCriticalValue,
        SystemClusterCritical => SystemClusterCriticalValue,
        _ => 0,
    };
}
