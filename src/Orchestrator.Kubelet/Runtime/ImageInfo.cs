namespace Orchestrator.Kubelet.Runtime;

/// <summary>An image present on the node: its id (for imageID), its tags, its size in bytes.</summary>
public sealed record ImageInfo(string Id, IReadOnlyList<string> RepoTags, long SizeBytes);
