namespace Orchestrator.Scheduler.Framework;

/// <summary>One preferredDuringSchedulingIgnoredDuringExecution term of a node affinity and its weight (1-100).</summary>
public sealed record PreferredNodeTerm(int Weight, NodeSelectorTerm Term);
