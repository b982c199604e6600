namespace Orchestrator.Kubelet.Runtime;

/// <summary>A container as the runtime sees it (CRI's ContainerStatus).</summary>
public sealed record ContainerStatus
{
    public required string Id { get; init; }

    public required string SandboxId { get; init; }

    /// <summary>The container's name in the pod spec (from its labels).</summary>
    public required string Name { get; init; }

    public required ContainerState State { get; init; }

    public required string Image { get; init; }

    /// <summary>The image's id (<c>docker-pullable://…</c> or <c>sha256:…</c>), for status.containerStatuses[].imageID.</summary>
    public string ImageRef { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public int? ExitCode { get; init; }

    /// <summary>Why it ended, in Kubernetes' words: Completed, Error, OOMKilled, ContainerCannotRun.</summary>
    public string? Reason { get; init; }

    public string? Message { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}

public enum ContainerState
{
    Created,
    Running,
    Exited,
    Unknown,
}
