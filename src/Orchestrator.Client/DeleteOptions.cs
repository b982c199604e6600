namespace Orchestrator.Client;

/// <summary>The body of a DELETE (metav1.DeleteOptions).</summary>
public sealed record DeleteOptions
{
    /// <summary>Seconds before the object is removed; 0 deletes immediately; null uses the object's default.</summary>
    public long? GracePeriodSeconds { get; init; }

    /// <summary>"Orphan", "Background" or "Foreground".</summary>
    public string? PropagationPolicy { get; init; }

    /// <summary>The delete only happens if the object still has this uid.</summary>
    public string? PreconditionUid { get; init; }

    /// <summary>The delete only happens if the object is still at this resourceVersion.</summary>
    public string? PreconditionResourceVersion { get; init; }

    /// <summary>Validate and answer without deleting (dryRun=All).</summary>
    public bool DryRun { get; init; }
}
