namespace Orchestrator.Client.Config;

/// <summary>A kubeconfig <c>contexts[].context</c> entry: a cluster, a user and a default namespace.</summary>
public sealed record KubeconfigContext
{
    public required string Cluster { get; init; }

    /// <summary>The user entry's name; empty for anonymous access.</summary>
    public string User { get; init; } = string.Empty;

    public string? Namespace { get; init; }
}
