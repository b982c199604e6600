namespace Orchestrator.Kubelet.Hollow;

/// <summary>Asks a <see cref="HollowKubelet"/> which of its nodes have registered.</summary>
public sealed record GetRegisteredNodes;

/// <summary>The nodes registered so far, by name, out of how many.</summary>
public sealed record RegisteredNodes(IReadOnlyList<string> Names, int Of);
