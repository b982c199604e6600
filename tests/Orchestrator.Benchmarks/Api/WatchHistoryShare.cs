using System.Numerics;

namespace Orchestrator.Benchmarks.Api;

/// <summary>
/// The watch history's share of the server's memory, computed from what the history holds. (Measuring it as the
/// difference from a second server run with <c>orchestrator.api.watch-history = 100</c> was tried first: two servers
/// through the same phases differed by about 600 MB of RSS before the sustained phase from GC timing alone, hundreds
/// of times what the history can hold, so that difference measured noise.)
/// <para>
/// What the history holds (WatchCache, src/Orchestrator.Api/Watch): the last <c>watch-history</c> changes of each
/// resource type, each an entry (revision, type, object, previous object) in a queue. The pods here are created and
/// never changed (checked on a sample after the sustained phase), so each pod entry's object is the very object the
/// cache holds as current and its previous object is null: the history adds its entries and nothing else. An entry
/// is a 48-byte object (16 of header, an 8-byte revision, three 8-byte references) plus an 8-byte slot in the
/// queue's array, whose capacity grows by doubling from 4. Revisit this if WatchCache's entry changes.
/// </para>
/// </summary>
internal static class WatchHistoryShare
{
    /// <summary>orchestrator.api.watch-history's default in hocon/reference.conf; the benchmark pins it with --config.</summary>
    public const int Capacity = 20_000;

    private const int EntryBytes = 48;
    private const int SlotBytes = 8;

    /// <summary>What the pods' history holds after <paramref name="podChanges"/> pod changes, in bytes.</summary>
    public static long Bytes(long podChanges)
    {
        var entries = Math.Min(podChanges, Capacity);
        var slots = entries == 0 ? 0 : (long)BitOperations.RoundUpToPowerOf2((ulong)Math.Max(entries, 4));
        return (entries * EntryBytes) + (slots * SlotBytes);
    }
}
