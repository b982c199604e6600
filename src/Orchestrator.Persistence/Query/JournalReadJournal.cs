using System.Runtime.CompilerServices;
using Akka;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Streams.Dsl;
using Orchestrator.Persistence.Journal;
using Orchestrator.Persistence.Plugins;

namespace Orchestrator.Persistence.Query;

/// <summary>
/// The read side (Akka.Persistence.Query) of one of our journal plugins, on the same store, so the live
/// stream is pushed from the commit path rather than polled as the SQL plugins' 1–3 s refresh does.
/// Offsets are <see cref="Sequence"/>s of the global revision and, as in Akka's plugins, exclusive:
/// <c>AllEvents(Sequence(n))</c> starts with revision n + 1, exactly once, in revision order, with no
/// gaps, handing over from history to live. <see cref="NoOffset"/> starts with everything still stored,
/// including each entity's surviving events below the compaction floor (what a projection replays to
/// rebuild state). An offset below the floor fails the stream with <see cref="RevisionCompactedException"/>
/// (the API's 410 Gone).
/// </summary>
public sealed class JournalReadJournal(IJournal store, PayloadSerializer payloads) :
    IAllEventsQuery, ICurrentAllEventsQuery, IEventsByPersistenceIdQuery, ICurrentEventsByPersistenceIdQuery
{
    /// <summary>The configuration path of the read journal of the SQLite plugin.</summary>
    public const string SqliteIdentifier = "akka.persistence.query.journal.sqlite";

    /// <summary>The configuration path of the read journal of the in-memory plugin.</summary>
    public const string InMemoryIdentifier = "akka.persistence.query.journal.memory";

    /// <summary>Revisions up to and including this one can no longer be read from a <see cref="Sequence"/> offset.</summary>
    public long CompactedRevision => store.CompactedRevision;

    /// <summary>The revision of the last committed event.</summary>
    public Task<long> HighestRevisionAsync(CancellationToken ct = default) => store.HighestRevisionAsync(ct);

    public Source<EventEnvelope, NotUsed> AllEvents(Offset? offset = null) => Source.From(() => All(offset, live: true));

    public Source<EventEnvelope, NotUsed> CurrentAllEvents(Offset? offset) => Source.From(() => All(offset, live: false));

    public Source<EventEnvelope, NotUsed> EventsByPersistenceId(string persistenceId, long fromSequenceNr, long toSequenceNr) =>
        Source.From(() => ByPersistenceId(persistenceId, fromSequenceNr, toSequenceNr, live: true));

    public Source<EventEnvelope, NotUsed> CurrentEventsByPersistenceId(string persistenceId, long fromSequenceNr, long toSequenceNr) =>
        Source.From(() => ByPersistenceId(persistenceId, fromSequenceNr, toSequenceNr, live: false));

    private async IAsyncEnumerable<EventEnvelope> All(Offset? offset, bool live, [EnumeratorCancellation] CancellationToken ct = default)
    {
        long after;
        switch (offset)
        {
            case null or NoOffset:
                // Below the floor only events their entity still needs survive: enough to rebuild every entity.
                after = store.CompactedRevision;
                await foreach (var e in store.ReadRetainedAsync(after, ct).ConfigureAwait(false))
                {
                    yield return Envelope(e);
                }

                break;
            case Sequence sequence:
                after = sequence.Value;
                break;
            default:
                throw new ArgumentException($"{offset.GetType().Name} offsets are not supported; use Sequence (a revision) or NoOffset", nameof(offset));
        }

        var events = live ? store.SubscribeAsync(after + 1, ct) : store.ReadAllAsync(after + 1, ct);
        await foreach (var e in events.ConfigureAwait(false))
        {
            yield return Envelope(e);
        }
    }

    private async IAsyncEnumerable<EventEnvelope> ByPersistenceId(
        string persistenceId, long fromSequenceNr, long toSequenceNr, bool live, [EnumeratorCancellation] CancellationToken ct = default)
    {
        // Whatever commits after this head arrives through the subscription below.
        var head = await store.HighestRevisionAsync(ct).ConfigureAwait(false);
        var next = Math.Max(fromSequenceNr, 1);
        await foreach (var e in store.ReadAsync(persistenceId, next, toSequenceNr, ct).ConfigureAwait(false))
        {
            yield return Envelope(e);
            next = e.SequenceNr + 1;
        }

        if (!live || next > toSequenceNr)
        {
            yield break;
        }

        await foreach (var e in store.SubscribeAsync(head + 1, ct).ConfigureAwait(false))
        {
            if (e.PersistenceId != persistenceId || e.SequenceNr < next)
            {
                continue;
            }

            yield return Envelope(e);
            next = e.SequenceNr + 1;
            if (next > toSequenceNr)
            {
                yield break;
            }
        }
    }

    private EventEnvelope Envelope(StoredEvent e)
    {
        var payload = payloads.Deserialize(e.Event);
        if (payload is IRevisionedEvent revisioned)
        {
            payload = revisioned.AtRevision(e.Revision);
        }

        return new EventEnvelope(new Sequence(e.Revision), e.PersistenceId, e.SequenceNr, payload, e.Timestamp.UtcTicks, []);
    }
}

/// <summary>
/// Creates the read journal of <c>akka.persistence.query.journal.sqlite</c> or <c>.memory</c>: the store
/// of the journal plugin its <c>write-plugin</c> setting names.
/// </summary>
public sealed class JournalReadJournalProvider(ExtendedActorSystem system, Akka.Configuration.Config config) : IReadJournalProvider
{
    public IReadJournal GetReadJournal()
    {
        var writePlugin = config.GetString("write-plugin", "");
        if (string.IsNullOrEmpty(writePlugin))
        {
            throw new Akka.Configuration.ConfigurationException("a read journal needs write-plugin, the path of its journal plugin");
        }

        return new JournalReadJournal(JournalStores.Get(system).GetOrOpen(writePlugin), new PayloadSerializer(system));
    }
}
