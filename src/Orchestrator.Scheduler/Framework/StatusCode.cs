namespace Orchestrator.Scheduler.Framework;

/// <summary>The outcome of a plugin at one extension point (Kubernetes' framework.Code).</summary>
public enum StatusCode
{
    /// <summary>The plugin ran and the pod may go on.</summary>
    Success,

    /// <summary>The node does not fit now, but evicting pods (preemption) might change that.</summary>
    Unschedulable,

    /// <summary>The node does not fit and preemption cannot help (a taint, a label, a missing topology key).</summary>
    UnschedulableAndUnresolvable,

    /// <summary>The plugin has nothing to do for this pod: its later extension points are skipped this cycle.</summary>
    Skip,

    /// <summary>Something unexpected; the attempt is an error, not a verdict on the pod.</summary>
    Error,
}
