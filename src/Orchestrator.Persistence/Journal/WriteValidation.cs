namespace Orchestrator.Persistence.Journal;

/// <summary>The checks every journal makes on a write before it touches storage.</summary>
internal static class WriteValidation
{
    /// <summary>
    /// Throws for programming errors (bad arguments); returns the exception a write must fail with
    /// when an event is over the size limit, so the caller can fault its task instead of throwing.
    /// </summary>
    public static EventTooLargeException? Validate(
        string persistenceId,
        long expectedSequenceNr,
        IReadOnlyList<SerializedEvent> events,
        int maxEventSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedSequenceNr);
        ArgumentNullException.ThrowIfNull(events);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.Manifest is null || e.Payload is null)
            {
                throw new ArgumentException($"Event {i} for '{persistenceId}' has no manifest or no payload.", nameof(events));
            }

            if (e.Payload.Length > maxEventSize)
            {
                return new EventTooLargeException(persistenceId, e.Manifest, e.Payload.Length, maxEventSize);
            }
        }

        return null;
    }

    /// <summary>Turns the "from revision" of a global-stream read into the first revision to return, or throws if it was compacted.</summary>
    public static long FirstReadableRevision(long fromRevision, long compactedRevision)
    {
        var first = Math.Max(fromRevision, 1);
        if (compactedRevision > 0 && first <= compactedRevision)
        {
            throw new RevisionCompactedException(fromRevision, compactedRevision);
        }

        return first;
    }
}
