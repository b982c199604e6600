using System.Text.Json.Nodes;

namespace Orchestrator.Client;

/// <summary>
/// One page of a LIST: the items (each with apiVersion and kind filled in from the list, and no parent node),
/// the revision the list was read at, and the token for the next page.
/// </summary>
public sealed record ListResult(IReadOnlyList<JsonObject> Items, string? ResourceVersion, string? Continue)
{
    /// <summary>The list's kind, such as PodList.</summary>
    public string? Kind { get; init; }

    public string? ApiVersion { get; init; }

    /// <summary>How many items the remaining pages hold, when the server says.</summary>
    public long? RemainingItemCount { get; init; }
}
