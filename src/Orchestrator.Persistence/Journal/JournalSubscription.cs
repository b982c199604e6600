using System.Runtime.CompilerServices;

namespace Orchestrator.Persistence.Journal;

/// <summary>
/// The history-then-live algorithm every journal's SubscribeAsync uses. The hand-over is done by
/// revision: live events below the next expected revision are already delivered and skipped; a
/// revision above it means events were missed (the buffer overflowed), so the gap is re-read from history.
/// </summary>
internal static class JournalSubscription
{
    public static async IAsyncEnumerable<StoredEvent> SubscribeAsync(
        Func<long, CancellationToken, IAsyncEnumerable<StoredEvent>> readAll,
        LiveEventFeed feed,
        long fromRevision,
        [EnumeratorCancellation] CancellationToken ct)
    {
        // ReadAll throws RevisionCompactedException for a compacted start; keep that for "from 0".
        var next = fromRevision;
        while (true)
        {
            // Catch up without holding a live buffer, so memory stays bounded however far behind we start.
            await foreach (var e in readAll(next, ct).ConfigureAwait(false))
            {
                yield return e;
                next = e.Revision + 1;
            }

            next = Math.Max(next, 1);
            using var live = feed.Subscribe();

            // Events committed between the catch-up and the subscription are in this second read;
            // any of them that also arrive live are skipped below.
            await foreach (var e in readAll(next, ct).ConfigureAwait(false))
            {
                yield return e;
                next = e.Revision + 1;
            }

            var gap = false;
            while (!gap && await live.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (!gap && live.Reader.TryRead(out var batch))
                {
                    foreach (var e in batch)
                    {
                        if (e.Revision < next)
                        {
                            continue;
                        }

                        if (e.Revision > next)
                        {
                            gap = true;
                            break;
                        }

                        yield return e;
                        next++;
                    }
                }
            }

            // Neither a gap nor an overflow ended the live phase: the journal was disposed.
            ObjectDisposedException.ThrowIf(!gap && !live.Overflowed, typeof(IJournal));
        }
    }
}
