namespace Orchestrator.Kubelet.Common;

/// <summary>One condition of a Node as the API holds it: enough to keep its lastTransitionTime while its status holds.</summary>
public sealed record NodeConditionState(string Type, string Status, string? LastTransitionTime);
