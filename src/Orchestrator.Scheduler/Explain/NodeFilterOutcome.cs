using Orchestrator.Scheduler.Framework;

namespace Orchestrator.Scheduler.Explain;

/// <summary>How one node fared in the filters: passed (no status) or the rejection that stopped it.</summary>
public sealed record NodeFilterOutcome(string Node, Status? Rejection)
{
    public bool Passed => Rejection is null;

    public override string ToString() => Rejection is null ? $"{Node}: fits" : $"{Node}: {Rejection.Plugin}: {Rejection.Message}";
}
