namespace Orchestrator.Scheduler.Explain;

/// <summary>A feasible node's total score and what each plugin contributed.</summary>
public sealed record NodeScore(string Node, long Total, IReadOnlyList<PluginScore> Plugins)
{
    public override string ToString() => $"{Node}: {Total} ({string.Join(", ", Plugins)})";
}
