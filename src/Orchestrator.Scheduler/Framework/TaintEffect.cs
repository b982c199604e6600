namespace Orchestrator.Scheduler.Framework;

/// <summary>A taint's effect, or for a toleration the effect it tolerates (<see cref="All"/> when empty).</summary>
public enum TaintEffect
{
    /// <summary>A toleration without an effect tolerates every effect.</summary>
    All,

    NoSchedule,

    PreferNoSchedule,

    NoExecute,

    /// <summary>An effect this version does not know; it never matches.</summary>
    Unknown,
}
