namespace Orchestrator.Kubelet.Hollow;

/// <summary>The Node as the API now holds it (from the simulator's node watch).</summary>
public sealed record NodeObserved(ObservedNode Node);

/// <summary>Every pod bound to the node, from a (re)list: it replaces what the node knew.</summary>
public sealed record PodsListed(IReadOnlyList<BoundPod> Pods);

/// <summary>A pod bound to the node was added or changed.</summary>
public sealed record PodObserved(BoundPod Pod);

/// <summary>A pod bound to the node is gone from the API.</summary>
public sealed record PodGone(string Uid);

/// <summary>A simulated node has registered its Node (told to its parent).</summary>
public sealed record HollowNodeRegistered(string Name);
