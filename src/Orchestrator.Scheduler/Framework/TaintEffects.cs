namespace Orchestrator.Scheduler.Framework;

/// <summary>The wire names of taint effects.</summary>
public static class TaintEffects
{
    public const string NoSchedule = "NoSchedule";
    public const string PreferNoSchedule = "PreferNoSchedule";
    public const string NoExecute = "NoExecute";

    public static TaintEffect Parse(string? effect) => effect switch
    {
        null or "" => TaintEffect.All,
        NoSchedule => TaintEffect.NoSchedule,
        PreferNoSchedule => TaintEffect.PreferNoSchedule,
        NoExecute => TaintEffect.NoExecute,
        _ => TaintEffect.Unknown,
    };
}
