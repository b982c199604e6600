namespace Orchestrator.Scheduler.Actors;

/// <summary>
/// Asks the scheduler how it sees a pod (for <c>explain-schedule</c>); it answers <see cref="PodExplanation"/>. For a
/// pod still waiting for a node it runs an attempt on its current snapshot without assuming anything, recording
/// every examined node's filter verdict and every feasible node's scores: what the pod's next attempt would see.
/// </summary>
public sealed record ExplainPod(string Namespace, string Name);

/// <summary>
/// The answer to <see cref="ExplainPod"/>: <see cref="State"/> is "Bound" (with <see cref="Node"/>), "Assumed" (its
/// binding is in flight), "Pending" (with the attempt's table), "NotScheduledHere" (another scheduler's pod,
/// gated or terminating) or "NotFound". <see cref="Text"/> is the table for people.
/// </summary>
public sealed record PodExplanation(string Pod, string State, string? Node, string? FailureMessage, IReadOnlyList<ExplainedNode> Nodes, string Text);

/// <summary>One node in an explanation: whether it passed the filters (else the plugin and reason), and its total and per-plugin scores.</summary>
public sealed record ExplainedNode(string Node, bool Fits, string? Plugin, string? Reason, long? Score, string? Scores);
