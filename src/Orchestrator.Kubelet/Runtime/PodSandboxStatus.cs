namespace Orchestrator.Kubelet.Runtime;

/// <summary>A sandbox as the runtime sees it (CRI's PodSandboxStatus).</summary>
public sealed record PodSandboxStatus
{
    public required string Id { get; init; }

    public required string PodUid { get; init; }

    public required string PodName { get; init; }

    public required string PodNamespace { get; init; }

    public required SandboxState State { get; init; }

    /// <summary>The pod IP from the pod network (or the node's address for host-network pods); null before it is set up.</summary>
    public string? Ip { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}

public enum SandboxState
{
    Ready,
    NotReady,
}
