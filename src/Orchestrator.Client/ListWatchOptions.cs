namespace Orchestrator.Client;

/// <summary>How <see cref="ListWatchExtensions.ListWatchAsync"/> lists, watches and retries.</summary>
public sealed record ListWatchOptions
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Lists page by page in chunks of this size (null: one request), as client-go's reflector does.</summary>
    public int? PageSize { get; init; } = 500;

    /// <summary>Asks the server to end each watch after this long; it is then resumed. Null: the server's default.</summary>
    public int? WatchTimeoutSeconds { get; init; }

    /// <summary>The first delay after a failure; doubled per failure up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(7);
}
