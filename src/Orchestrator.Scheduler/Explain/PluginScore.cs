namespace Orchestrator.Scheduler.Explain;

/// <summary>One score plugin's verdict on one node: raw, normalized (0..100), and normalized × weight.</summary>
public sealed record PluginScore(string Plugin, long Raw, long Normalized, int Weight)
{
    public long Weighted => Normalized * Weight;

    public override string ToString() => $"{Plugin} {Normalized}×{Weight}";
}
