namespace Orchestrator.Client;

/// <summary>The query of a LIST (and of a DELETE on a collection), named as the API's query parameters.</summary>
public sealed record ListOptions
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Page size; the response's <see cref="ListResult.Continue"/> fetches the next page.</summary>
    public int? Limit { get; init; }

    public string? Continue { get; init; }

    /// <summary>"0" reads from the watch cache; a revision reads at (or after) it, per <see cref="ResourceVersionMatch"/>.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>"Exact" or "NotOlderThan".</summary>
    public string? ResourceVersionMatch { get; init; }
}
