using Akka.Actor;
using Akka.Persistence;
using Orchestrator.Persistence.Journal;
using Orchestrator.Persistence.Plugins;
using Orchestrator.Persistence.Tests.TestSupport;
using Xunit;
using AkkaConfig = Akka.Configuration.Config;

namespace Orchestrator.Persistence.Tests.Plugins;

/// <summary>
/// The contract every journal plugin meets through Akka.Persistence (like Akka's TCK, which the registry
/// here does not serve): real persistent actors persisting, recovering, snapshotting and deleting over
/// the plugin, with each event's journal revision delivered to its handler.
/// </summary>
public abstract class JournalPluginSpec(AkkaConfig config, string journalPluginId)
    : Akka.TestKit.Xunit2.TestKit(config.WithFallback(AkkaConfig.Empty), "plugin-spec")
{
    /// <summary>Small enough that a test can exceed it cheaply.</summary>
    protected const string Limits = "max-event-size = 4KiB";

    protected IJournal Store => JournalStores.Get(Sys).GetOrOpen(journalPluginId);

    protected static string PluginSettings(string plugin) =>
        TestEventSerializer.Hocon + $"\nakka.persistence.journal.{plugin}.{Limits}";

    private IActorRef Counter(string id) => Sys.ActorOf(Props.Create(() => new Counter(id, TestActor)));

    [Fact]
    public async Task Persisted_events_are_recovered_by_a_new_incarnation_with_their_revisions()
    {
        var counter = Counter("c1");
        await ExpectMsgAsync("recovered 0 seq 0");
        counter.Tell(new Counter.Add(2));
        counter.Tell(new Counter.Add(3));
        var first = await ExpectMsgAsync<Counter.Persisted>();
        var second = await ExpectMsgAsync<Counter.Persisted>();
        Assert.Equal((2, 1L), (first.Value, first.SequenceNr));
        Assert.Equal((5, 2L), (second.Value, second.SequenceNr));
        Assert.True(first.Revision > 0 && second.Revision > first.Revision, $"revisions {first.Revision}, {second.Revision}");
        Watch(counter);
        counter.Tell(PoisonPill.Instance);
        await ExpectTerminatedAsync(counter);

        Counter("c1");
        Assert.Equal(new Counter.Replayed(2, 1, first.Revision), await ExpectMsgAsync<Counter.Replayed>());
        Assert.Equal(new Counter.Replayed(3, 2, second.Revision), await ExpectMsgAsync<Counter.Replayed>());
        await ExpectMsgAsync("recovered 5 seq 2");
    }

    [Fact]
    public async Task Revisions_are_the_global_commit_order_across_actors()
    {
        var a = Counter("order-a");
        var b = Counter("order-b");
        await ExpectMsgAsync<string>();
        await ExpectMsgAsync<string>();
        var revisions = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            (i % 2 == 0 ? a : b).Tell(new Counter.Add(1));
            revisions.Add((await ExpectMsgAsync<Counter.Persisted>()).Revision);
        }

        Assert.Equal(revisions.Order(), revisions);
        Assert.Equal(10, revisions.Distinct().Count());
        var stored = await Store.ReadAllAsync(revisions[0]).CollectAsync();
        Assert.Equal(revisions, stored.Where(e => e.PersistenceId.StartsWith("order-", StringComparison.Ordinal)).Select(e => e.Revision));
    }

    [Fact]
    public async Task Commands_wait_while_a_persist_is_in_flight_and_keep_their_order()
    {
        var counter = Counter("c2");
        await ExpectMsgAsync("recovered 0 seq 0");
        for (var i = 1; i <= 50; i++)
        {
            counter.Tell(new Counter.Add(1));
            counter.Tell(new Counter.Get());
        }

        for (var i = 1; i <= 50; i++)
        {
            Assert.Equal(i, (await ExpectMsgAsync<Counter.Persisted>()).Value);
            await ExpectMsgAsync($"value {i} seq {i}");
        }
    }

    [Fact]
    public async Task PersistAll_runs_every_handler_in_order_with_consecutive_revisions()
    {
        var counter = Counter("c3");
        await ExpectMsgAsync("recovered 0 seq 0");
        counter.Tell(new Counter.AddMany([1, 2, 3]));
        var persisted = new[] { await ExpectMsgAsync<Counter.Persisted>(), await ExpectMsgAsync<Counter.Persisted>(), await ExpectMsgAsync<Counter.Persisted>() };
        Assert.Equal([1, 3, 6], persisted.Select(p => p.Value));
        Assert.Equal([1L, 2L, 3L], persisted.Select(p => p.SequenceNr));
        Assert.Equal([persisted[0].Revision, persisted[0].Revision + 1, persisted[0].Revision + 2], persisted.Select(p => p.Revision));
    }

    [Fact]
    public async Task PersistAll_is_atomic_one_event_over_the_limit_stores_none_of_them()
    {
        var counter = Counter("c4");
        await ExpectMsgAsync("recovered 0 seq 0");
        counter.Tell(new Counter.Add(7));
        await ExpectMsgAsync<Counter.Persisted>();

        // The first event alone would fit; the second does not, so neither may be stored.
        counter.Tell(new Counter.AddWithHuge(1, 64 * 1024));
        var rejected = await ExpectMsgAsync<Counter.Rejected>();
        Assert.Equal((nameof(EventTooLargeException), 2L), (rejected.Cause, rejected.SequenceNr));
        await ExpectMsgAsync<Counter.Replayed>(); // the restart recovers what the journal holds
        await ExpectMsgAsync("recovered 7 seq 1");
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        Assert.Equal(1, await Store.HighestSequenceNrAsync("c4"));
        Assert.Single(await Store.ReadAsync("c4", 1, long.MaxValue).CollectAsync());

        counter.Tell(new Counter.Add(1));
        var next = await ExpectMsgAsync<Counter.Persisted>();
        Assert.Equal((8, 2L), (next.Value, next.SequenceNr));
    }

    [Fact]
    public async Task A_write_that_loses_the_sequence_race_is_rejected_and_the_restart_recovers_the_winner()
    {
        var counter = Counter("c5");
        await ExpectMsgAsync("recovered 0 seq 0");

        // Another writer (say, a second owner during a shard hand-over) appends behind the actor's back.
        var winner = new PayloadSerializer(Sys).Serialize(new Added(100)) with { Local = null };
        var revision = (await Store.WriteAsync("c5", 0, [winner]))[0];
        counter.Tell(new Counter.Add(1));
        var rejected = await ExpectMsgAsync<Counter.Rejected>();
        Assert.Equal(nameof(JournalConflictException), rejected.Cause);
        Assert.Equal(new Counter.Replayed(100, 1, revision), await ExpectMsgAsync<Counter.Replayed>());
        await ExpectMsgAsync("recovered 100 seq 1");
        counter.Tell(new Counter.Add(1));
        Assert.Equal(101, (await ExpectMsgAsync<Counter.Persisted>()).Value);
    }

    [Fact]
    public async Task An_event_that_cannot_be_serialized_is_rejected_and_its_handler_never_runs()
    {
        var counter = Counter("c6");
        await ExpectMsgAsync("recovered 0 seq 0");
        counter.Tell(new Counter.AddUnserializable());
        await ExpectMsgAsync<Counter.Rejected>();
        await ExpectMsgAsync("recovered 0 seq 0");
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        Assert.Equal(0, await Store.HighestSequenceNrAsync("c6"));
    }

    [Fact]
    public async Task An_event_whose_manifest_the_code_does_not_know_fails_recovery_and_stops_the_actor()
    {
        await Store.WriteAsync("c9", 0, [new SerializedEvent("4901:pod-resized.v7", "{}"u8.ToArray())]);
        var counter = Counter("c9");
        Watch(counter);
        await ExpectTerminatedAsync(counter);
    }

    [Fact]
    public async Task Recovery_starts_from_the_latest_snapshot()
    {
        var counter = Counter("c7");
        await ExpectMsgAsync("recovered 0 seq 0");
        counter.Tell(new Counter.Add(10));
        await ExpectMsgAsync<Counter.Persisted>();
        counter.Tell(new Counter.TakeSnapshot());
        await ExpectMsgAsync<SaveSnapshotSuccess>();
        counter.Tell(new Counter.Add(1));
        var last = await ExpectMsgAsync<Counter.Persisted>();
        Watch(counter);
        counter.Tell(PoisonPill.Instance);
        await ExpectTerminatedAsync(counter);

        Counter("c7");
        await ExpectMsgAsync("snapshot 10 at 1");
        Assert.Equal(new Counter.Replayed(1, 2, last.Revision), await ExpectMsgAsync<Counter.Replayed>());
        await ExpectMsgAsync("recovered 11 seq 2");
    }

    [Fact]
    public async Task DeleteMessages_keeps_the_sequence_going()
    {
        var counter = Counter("c8");
        await ExpectMsgAsync("recovered 0 seq 0");
        counter.Tell(new Counter.Add(1));
        counter.Tell(new Counter.Add(1));
        await ExpectMsgAsync<Counter.Persisted>();
        await ExpectMsgAsync<Counter.Persisted>();
        counter.Tell(new Counter.TakeSnapshot());
        await ExpectMsgAsync<SaveSnapshotSuccess>();
        counter.Tell(new Counter.Delete(2));
        await ExpectMsgAsync<DeleteMessagesSuccess>();
        Assert.Empty(await Store.ReadAsync("c8", 1, long.MaxValue).CollectAsync());
        Watch(counter);
        counter.Tell(PoisonPill.Instance);
        await ExpectTerminatedAsync(counter);

        var again = Counter("c8");
        await ExpectMsgAsync("snapshot 2 at 2");
        await ExpectMsgAsync("recovered 2 seq 2");
        again.Tell(new Counter.Add(1));
        var persisted = await ExpectMsgAsync<Counter.Persisted>();
        Assert.Equal((3, 3L), (persisted.Value, persisted.SequenceNr));
        again.Tell(new Counter.Get());
        await ExpectMsgAsync("value 3 seq 3");
    }

    [Fact]
    public async Task Many_actors_persisting_at_once_are_all_acknowledged_in_their_own_order()
    {
        const int Actors = 64;
        const int Writes = 20;
        var probes = Enumerable.Range(0, Actors).Select(_ => CreateTestProbe()).ToList();
        var counters = Enumerable.Range(0, Actors).Select(i => Sys.ActorOf(Props.Create(() => new Counter($"many-{i}", probes[i].Ref)))).ToList();
        foreach (var probe in probes)
        {
            // 64 recoveries at once: a wait, not a threshold, so a busy machine gets 30 s rather than TestKit's 3.
            await probe.ExpectMsgAsync("recovered 0 seq 0", TimeSpan.FromSeconds(30));
        }

        for (var w = 0; w < Writes; w++)
        {
            for (var i = 0; i < Actors; i++)
            {
                counters[i].Tell(new Counter.Add(1), probes[i].Ref);
            }
        }

        for (var i = 0; i < Actors; i++)
        {
            for (var w = 1; w <= Writes; w++)
            {
                var persisted = await probes[i].ExpectMsgAsync<Counter.Persisted>();
                Assert.Equal((w, (long)w), (persisted.Value, persisted.SequenceNr));
            }
        }

        var all = await Store.ReadAllAsync(1).CollectAsync();
        Assert.Equal(Actors * Writes, all.Count(e => e.PersistenceId.StartsWith("many-", StringComparison.Ordinal)));
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(e => e.Revision));
    }
}

public sealed class InMemoryJournalPluginSpec() : JournalPluginSpec(
    AkkaTestConfig.InMemory(PluginSettings("memory")), "akka.persistence.journal.memory");

public sealed class SqliteJournalPluginSpec : JournalPluginSpec
{
    private readonly TempDirectory _directory;

    public SqliteJournalPluginSpec()
        : this(new TempDirectory())
    {
    }

    private SqliteJournalPluginSpec(TempDirectory directory)
        : base(AkkaTestConfig.Sqlite(directory.Path, PluginSettings("sqlite")), "akka.persistence.journal.sqlite")
    {
        _directory = directory;
    }

    [Fact]
    public async Task Writes_that_arrive_during_a_commit_share_the_next_one()
    {
        const int Actors = 32;
        var counters = Enumerable.Range(0, Actors).Select(i => Sys.ActorOf(Props.Create(() => new Counter($"group-{i}", TestActor)))).ToList();
        // Their recoveries only: on a busy machine 32 first reads of a fresh file may take longer than the default 3 s.
        await ReceiveNAsync(Actors, TimeSpan.FromSeconds(30)).ToListAsync();
        var before = ((Orchestrator.Persistence.Sqlite.SqliteJournal)Store).Statistics;
        for (var round = 0; round < 10; round++)
        {
            counters.ForEach(c => c.Tell(new Counter.Add(1)));
            await ReceiveNAsync(Actors).ToListAsync();
        }

        var after = ((Orchestrator.Persistence.Sqlite.SqliteJournal)Store).Statistics;
        var events = after.Events - before.Events;
        var commits = after.Commits - before.Commits;
        Assert.Equal(Actors * 10, events);
        Assert.True(commits < events / 2, $"{events} events took {commits} commits");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _directory.Dispose();
        }
    }
}
