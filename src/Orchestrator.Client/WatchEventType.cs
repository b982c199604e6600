namespace Orchestrator.Client;

/// <summary>The type of a <see cref="WatchEvent"/>: the API's five, plus the client's synthetic Resync.</summary>
public enum WatchEventType
{
    Added,
    Modified,
    Deleted,

    /// <summary>No change; the object only carries a newer metadata.resourceVersion to resume from.</summary>
    Bookmark,

    /// <summary>The watch failed; the object is a metav1.Status (code 410: the revision was compacted away).</summary>
    Error,

    /// <summary>
    /// From <see cref="ListWatchExtensions.ListWatchAsync"/> only: a fresh list, whose items replace everything the
    /// consumer knew; the object is the list without its items.
    /// </summary>
    Resync,
}
