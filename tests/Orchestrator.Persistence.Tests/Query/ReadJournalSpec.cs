using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Orchestrator.Persistence.Journal;
using Orchestrator.Persistence.Plugins;
using Orchestrator.Persistence.Query;
using Orchestrator.Persistence.Tests.Plugins;
using Orchestrator.Persistence.Tests.TestSupport;
using Xunit;

namespace Orchestrator.Persistence.Tests.Query;

/// <summary>
/// The read journal (Akka.Persistence.Query) over the journal plugin's store: the global stream by
/// revision, exactly once and in order, handing over from history to live, and 410-style failure below
/// the compaction floor.
/// </summary>
public sealed class ReadJournalSpec() : Akka.TestKit.Xunit2.TestKit(AkkaTestConfig.InMemory(TestEventSerializer.Hocon), "read-journal-spec")
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private JournalReadJournal ReadJournal =>
        PersistenceQuery.Get(Sys).ReadJournalFor<JournalReadJournal>(JournalReadJournal.InMemoryIdentifier);

    private IJournal Store => JournalStores.Get(Sys).GetOrOpen("akka.persistence.journal.memory");

    private async Task<List<Counter.Persisted>> PersistAsync(string id, int count)
    {
        var probe = CreateTestProbe();
        var counter = Sys.ActorOf(Props.Create(() => new Counter(id, probe.Ref)));
        await probe.ExpectMsgAsync<string>();
        var persisted = new List<Counter.Persisted>();
        for (var i = 0; i < count; i++)
        {
            counter.Tell(new Counter.Add(1), probe.Ref);
            persisted.Add(await probe.ExpectMsgAsync<Counter.Persisted>());
        }

        return persisted;
    }

    private Task<IImmutableList<EventEnvelope>> Take(Source<EventEnvelope, Akka.NotUsed> source, int count) =>
        source.Take(count).RunWith(Sink.Seq<EventEnvelope>(), Sys.Materializer()).WaitAsync(Timeout);

    [Fact]
    public async Task AllEvents_hands_over_from_history_to_live_exactly_once_in_revision_order()
    {
        var before = await PersistAsync("a", 3);
        var stream = Take(ReadJournal.AllEvents(NoOffset.Instance), 6);
        var after = await PersistAsync("b", 3);
        var events = await stream;

        Assert.Equal(before.Concat(after).Select(p => p.Revision), events.Select(e => ((Sequence)e.Offset).Value));
        Assert.Equal(["a", "a", "a", "b", "b", "b"], events.Select(e => e.PersistenceId));
        Assert.Equal([1L, 2L, 3L, 1L, 2L, 3L], events.Select(e => e.SequenceNr));

        // The payload is the event, carrying its revision like the persistent actor's handler saw it.
        Assert.All(events, e => Assert.Equal(((Sequence)e.Offset).Value, ((Added)e.Event).Revision));
    }

    [Fact]
    public async Task A_sequence_offset_is_exclusive()
    {
        var persisted = await PersistAsync("a", 4);
        var events = await Take(ReadJournal.AllEvents(new Sequence(persisted[1].Revision)), 2);
        Assert.Equal(persisted.Skip(2).Select(p => p.Revision), events.Select(e => ((Sequence)e.Offset).Value));
    }

    [Fact]
    public async Task CurrentAllEvents_ends_at_the_head()
    {
        var persisted = await PersistAsync("a", 3);
        var events = await ReadJournal.CurrentAllEvents(NoOffset.Instance).RunWith(Sink.Seq<EventEnvelope>(), Sys.Materializer()).WaitAsync(Timeout);
        Assert.Equal(persisted.Select(p => p.Revision), events.Select(e => ((Sequence)e.Offset).Value));
    }

    [Fact]
    public async Task An_offset_below_the_compaction_floor_fails_the_stream()
    {
        var persisted = await PersistAsync("a", 5);
        await Store.CompactAsync(persisted[3].Revision);
        var failure = await Assert.ThrowsAsync<RevisionCompactedException>(() => Take(ReadJournal.AllEvents(new Sequence(persisted[1].Revision)), 1));
        Assert.Equal(persisted[3].Revision, failure.CompactedRevision);

        // NoOffset still rebuilds everything: each entity's surviving events, then what follows the floor.
        var rebuilt = await ReadJournal.CurrentAllEvents(NoOffset.Instance).RunWith(Sink.Seq<EventEnvelope>(), Sys.Materializer()).WaitAsync(Timeout);
        Assert.Equal(persisted.Select(p => p.Revision), rebuilt.Select(e => ((Sequence)e.Offset).Value));
    }

    [Fact]
    public async Task EventsByPersistenceId_reads_one_entity_then_follows_it_live()
    {
        await PersistAsync("a", 2);
        await PersistAsync("b", 1);
        var stream = Take(ReadJournal.EventsByPersistenceId("a", 2, long.MaxValue), 3);
        var probe = CreateTestProbe();
        var a = Sys.ActorOf(Props.Create(() => new Counter("a", probe.Ref)));
        await probe.ExpectMsgAsync<Counter.Replayed>();
        await probe.ExpectMsgAsync<Counter.Replayed>();
        await probe.ExpectMsgAsync<string>();
        a.Tell(new Counter.Add(1), probe.Ref);
        a.Tell(new Counter.Add(1), probe.Ref);
        var events = await stream;
        Assert.Equal([2L, 3L, 4L], events.Select(e => e.SequenceNr));
        Assert.All(events, e => Assert.Equal("a", e.PersistenceId));

        var current = await ReadJournal.CurrentEventsByPersistenceId("a", 1, 3).RunWith(Sink.Seq<EventEnvelope>(), Sys.Materializer()).WaitAsync(Timeout);
        Assert.Equal([1L, 2L, 3L], current.Select(e => e.SequenceNr));
    }
}
