namespace Orchestrator.Scheduler.Framework;

/// <summary>A node's Ready condition.</summary>
public enum NodeReadiness
{
    /// <summary>Ready is True.</summary>
    Ready,

    /// <summary>Ready is False: the kubelet reports the node cannot run pods.</summary>
    NotReady,

    /// <summary>Ready is Unknown: the kubelet stopped reporting (the node lifecycle controller's verdict).</summary>
    Unknown,

    /// <summary>No Ready condition yet (a node object created before its kubelet reported).</summary>
    NotReported,
}
