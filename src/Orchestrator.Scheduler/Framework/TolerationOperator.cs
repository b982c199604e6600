namespace Orchestrator.Scheduler.Framework;

/// <summary>How a toleration compares its value with a taint's.</summary>
public enum TolerationOperator
{
    /// <summary>"Equal", also the default when the operator is empty.</summary>
    Equal,

    /// <summary>"Exists": any value; with an empty key, any taint.</summary>
    Exists,

    /// <summary>An operator this version does not know: tolerates nothing.</summary>
    Unknown,
}
