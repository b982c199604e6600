namespace Orchestrator.Persistence.Journal;

/// <summary>
/// What an <see cref="InMemoryJournal"/> stores, kept apart from the journal so a test can dispose a
/// journal and open a new one over the same storage, the way a process restart reopens a file.
/// </summary>
public sealed class InMemoryJournalStorage
{
    internal Lock Gate { get; } = new();

    /// <summary>Every event in revision order, less what compaction removed.</summary>
    internal List<StoredEvent> Global { get; } = [];

    internal Dictionary<string, InMemoryEntityStream> Entities { get; } = new(StringComparer.Ordinal);

    internal long HeadRevision { get; set; }

    internal long CompactedRevision { get; set; }

    /// <summary>The floor up to which compaction last removed deleted events.</summary>
    internal long SweptRevision { get; set; }

    /// <summary>The index of the first event whose key is at least <paramref name="key"/> in a list sorted by that key.</summary>
    internal static int LowerBound(List<StoredEvent> events, long key, bool bySequenceNr)
    {
        int lo = 0, hi = events.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            var value = bySequenceNr ? events[mid].SequenceNr : events[mid].Revision;
            if (value < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
