namespace Orchestrator.Persistence.Journal;

/// <summary>
/// The global stream was asked for a revision that compaction removed; a watch from there must
/// start over from a fresh list (the API answers 410 Gone).
/// </summary>
public sealed class RevisionCompactedException : Exception
{
    public RevisionCompactedException(long requestedRevision, long compactedRevision)
        : base($"Revision {requestedRevision} has been compacted: the journal keeps revisions after {compactedRevision}.")
    {
        RequestedRevision = requestedRevision;
        CompactedRevision = compactedRevision;
    }

    public long RequestedRevision { get; }

    public long CompactedRevision { get; }
}
