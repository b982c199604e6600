namespace Orchestrator.Client;

/// <summary>The query of a WATCH.</summary>
public sealed record WatchOptions
{
    /// <summary>Send changes after this revision; null starts with synthetic ADDED events for the current state.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Ask for BOOKMARK events, which only carry a newer revision to resume from.</summary>
    public bool AllowWatchBookmarks { get; init; }

    /// <summary>The server ends the stream after this long.</summary>
    public int? TimeoutSeconds { get; init; }

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }
}
