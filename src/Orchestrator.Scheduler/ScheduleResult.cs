using Orchestrator.Scheduler.Explain;
using Orchestrator.Scheduler.Preemption;

namespace Orchestrator.Scheduler;

/// <summary>The outcome of one scheduling attempt.</summary>
public sealed class ScheduleResult
{
    internal ScheduleResult(string? selectedNode, int evaluatedNodes, int feasibleNodes, FitError? fitError, PreemptionResult? preemption,
        SchedulingExplanation? explanation)
    {
        SelectedNode = selectedNode;
        EvaluatedNodes = evaluatedNodes;
        FeasibleNodes = feasibleNodes;
        FitError = fitError;
        Preemption = preemption;
        Explanation = explanation;
    }

    /// <summary>The node to bind the pod to; null when it fits nowhere.</summary>
    public string? SelectedNode { get; }

    public bool Succeeded => SelectedNode is not null;

    /// <summary>How many nodes the filters looked at (fewer than all when sampling found enough).</summary>
    public int EvaluatedNodes { get; }

    /// <summary>How many of those fit.</summary>
    public int FeasibleNodes { get; }

    /// <summary>Why the pod fits nowhere; null on success.</summary>
    public FitError? FitError { get; }

    /// <summary>The FailedScheduling message (null on success).</summary>
    public string? FailureMessage => FitError?.Message;

    /// <summary>What preemption decided, when the pod fit nowhere and preemption is on.</summary>
    public PreemptionResult? Preemption { get; }

    /// <summary>Per-node filter outcomes and scores, when the attempt was asked to explain itself.</summary>
    public SchedulingExplanation? Explanation { get; }

    public override string ToString() => SelectedNode ?? FailureMessage ?? "unscheduled";
}
