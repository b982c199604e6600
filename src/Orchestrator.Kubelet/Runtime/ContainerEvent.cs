namespace Orchestrator.Kubelet.Runtime;

/// <summary>A container started, exited or went away; the labels name its pod and container.</summary>
public sealed record ContainerEvent(string ContainerId, ContainerEventKind Kind, IReadOnlyDictionary<string, string> Labels);

public enum ContainerEventKind
{
    Started,
    Exited,
    Removed,
}
