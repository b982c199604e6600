using System.Text;

namespace Orchestrator.Scheduler.Explain;

/// <summary>
/// Everything one attempt decided, for people: how each node it examined fared in the filters, each
/// feasible node's scores by plugin, and the node chosen. Built only when asked for (it allocates per node).
/// </summary>
public sealed class SchedulingExplanation
{
    public SchedulingExplanation(string pod, int numAllNodes, IReadOnlyList<NodeFilterOutcome> filtered, IReadOnlyList<NodeScore> scores,
        IReadOnlyList<string> skippedFilters, IReadOnlyList<string> skippedScores, string? selectedNode)
    {
        Pod = pod;
        NumAllNodes = numAllNodes;
        Filtered = filtered;
        Scores = scores;
        SkippedFilters = skippedFilters;
        SkippedScores = skippedScores;
        SelectedNode = selectedNode;
    }

    public string Pod { get; }

    public int NumAllNodes { get; }

    /// <summary>The nodes examined, in the order they were (sampling stops once enough fit).</summary>
    public IReadOnlyList<NodeFilterOutcome> Filtered { get; }

    /// <summary>The feasible nodes' scores, best first.</summary>
    public IReadOnlyList<NodeScore> Scores { get; }

    /// <summary>Filter plugins with nothing to check for this pod.</summary>
    public IReadOnlyList<string> SkippedFilters { get; }

    /// <summary>Score plugins with nothing to score for this pod (every node got 0 from them).</summary>
    public IReadOnlyList<string> SkippedScores { get; }

    public string? SelectedNode { get; }

    public override string ToString()
    {
        var text = new StringBuilder();
        var feasible = Filtered.Count(outcome => outcome.Passed);
        text.Append("pod ").Append(Pod).Append(": ").Append(Filtered.Count).Append(" of ").Append(NumAllNodes)
            .Append(" nodes examined, ").Append(feasible).Append(" feasible");
        text.Append(SelectedNode is null ? ", none selected" : ", selected " + SelectedNode).Append('\n');
        foreach (var outcome in Filtered.Where(outcome => !outcome.Passed))
        {
            text.Append("  ").Append(outcome).Append('\n');
        }

        foreach (var score in Scores)
        {
            text.Append("  ").Append(score).Append('\n');
        }

        return text.ToString();
    }
}
