using Orchestrator.Actors;
using Orchestrator.Persistence.Journal;
using Orchestrator.Persistence.PersistentActors;
using Orchestrator.Persistence.Serialization;
using Orchestrator.Persistence.Snapshots;
using Xunit;

namespace Orchestrator.Persistence.Tests.PersistentActors;

public sealed class PersistentActorTests : TestKit.TestKit
{
    private readonly InMemoryJournal _journal = new();
    private readonly InMemorySnapshotStore _snapshots = new();

    public PersistentActorTests()
    {
        var serializer = new EventSerializer()
            .Register<Added>("added")
            .Register<CounterState>("counter-state");
        PersistenceExtension.Register(Sys, _journal, _snapshots, serializer);
    }

    [Fact]
    public async Task Persisted_events_are_recovered_by_a_new_incarnation()
    {
        var counter = Sys.ActorOf(Props.Create(() => new Counter("c1", TestActor)));
        await ExpectMsgAsync<string>("recovered 0");
        counter.Tell(new Add(2), TestActor);
        counter.Tell(new Add(3), TestActor);
        Assert.Equal(2, await ExpectMsgAsync<int>());
        Assert.Equal(5, await ExpectMsgAsync<int>());
        Assert.True(await counter.GracefulStop(TimeSpan.FromSeconds(3)));

        var again = Sys.ActorOf(Props.Create(() => new Counter("c1", TestActor)));
        await ExpectMsgAsync<string>("recovered 5");
        again.Tell(new Get(), TestActor);
        Assert.Equal("value 5 seq 2", await ExpectMsgAsync<string>());
    }

    [Fact]
    public async Task Commands_wait_while_a_persist_is_in_flight_and_keep_their_order()
    {
        var counter = Sys.ActorOf(Props.Create(() => new Counter("c2", TestActor)));
        await ExpectMsgAsync<string>("recovered 0");
        for (var i = 1; i <= 100; i++)
        {
            counter.Tell(new Add(1), TestActor);
            counter.Tell(new Get(), TestActor);
        }

        for (var i = 1; i <= 100; i++)
        {
            Assert.Equal(i, await ExpectMsgAsync<int>());
            Assert.Equal($"value {i} seq {i}", await ExpectMsgAsync<string>());
        }
    }

    [Fact]
    public async Task PersistAll_is_atomic_and_runs_every_handler_in_order()
    {
        var counter = Sys.ActorOf(Props.Create(() => new Counter("c3", TestActor)));
        await ExpectMsgAsync<string>("recovered 0");
        counter.Tell(new AddMany([1, 2, 3]), TestActor);
        Assert.Equal(1, await ExpectMsgAsync<int>());
        Assert.Equal(3, await ExpectMsgAsync<int>());
        Assert.Equal(6, await ExpectMsgAsync<int>());
        var revisions = new List<long>();
        await foreach (var e in _journal.ReadAsync("c3", 1, long.MaxValue))
        {
            revisions.Add(e.Revision);
        }

        Assert.Equal(3, revisions.Count);
        Assert.Equal(revisions.Order(), revisions);
    }

    [Fact]
    public async Task Recovery_starts_from_the_latest_snapshot()
    {
        var counter = Sys.ActorOf(Props.Create(() => new Counter("c4", TestActor)));
        await ExpectMsgAsync<string>("recovered 0");
        counter.Tell(new Add(10), TestActor);
        await ExpectMsgAsync<int>(10);
        counter.Tell(new TakeSnapshot(), TestActor);
        await ExpectMsgAsync<SaveSnapshotSuccess>();
        counter.Tell(new Add(1), TestActor);
        await ExpectMsgAsync<int>(11);
        Assert.True(await counter.GracefulStop(TimeSpan.FromSeconds(3)));

        Sys.ActorOf(Props.Create(() => new Counter("c4", TestActor)));
        Assert.Equal("snapshot 10 at 1", await ExpectMsgAsync<string>());
        await ExpectMsgAsync<string>("recovered 11");
    }

    [Fact]
    public async Task DeleteMessages_keeps_the_sequence_going()
    {
        var counter = Sys.ActorOf(Props.Create(() => new Counter("c5", TestActor)));
        await ExpectMsgAsync<string>("recovered 0");
        counter.Tell(new Add(1), TestActor);
        counter.Tell(new Add(1), TestActor);
        await ReceiveNAsync(2);
        counter.Tell(new TakeSnapshot(), TestActor);
        await ExpectMsgAsync<SaveSnapshotSuccess>();
        counter.Tell(new Delete(2), TestActor);
        await ExpectMsgAsync<DeleteMessagesSuccess>();
        Assert.True(await counter.GracefulStop(TimeSpan.FromSeconds(3)));

        var again = Sys.ActorOf(Props.Create(() => new Counter("c5", TestActor)));
        await ExpectMsgAsync<string>("snapshot 2 at 2");
        await ExpectMsgAsync<string>("recovered 2");
        again.Tell(new Add(1), TestActor);
        await ExpectMsgAsync<int>(3);
        again.Tell(new Get(), TestActor);
        Assert.Equal("value 3 seq 3", await ExpectMsgAsync<string>());
    }

    [Fact]
    public async Task A_write_that_loses_the_sequence_race_is_reported_and_the_restart_recovers_the_winner()
    {
        var counter = Sys.ActorOf(Props.Create(() => new Counter("c6", TestActor)));
        await ExpectMsgAsync<string>("recovered 0");
        // Another writer (say, a second gateway replica) appends behind the actor's back.
        var serializer = PersistenceExtension.Get(Sys).Serializer;
        await _journal.WriteAsync("c6", 0, [serializer.Serialize(new Added(100))]);
        counter.Tell(new Add(1), TestActor);
        // The rejected event's handler never ran; the default restarts the actor, which recovers 100.
        await ExpectMsgAsync<string>("recovered 100");
        counter.Tell(new Add(1), TestActor);
        await ExpectMsgAsync<int>(101);
    }

    [Fact]
    public async Task A_failed_write_stops_the_actor_and_runs_no_handler()
    {
        var counter = Sys.ActorOf(Props.Create(() => new Counter("c7", TestActor)));
        await ExpectMsgAsync<string>("recovered 0");
        Watch(counter);
        counter.Tell(new AddUnserializable(), TestActor);
        await ExpectTerminatedAsync(counter);
    }

    private sealed record Add(int Amount);

    private sealed record AddMany(int[] Amounts);

    private sealed record AddUnserializable;

    private sealed record Get;

    private sealed record TakeSnapshot;

    private sealed record Delete(long ToSequenceNr);

    private sealed record NotRegistered(int X);

    public sealed record Added(int Amount);

    public sealed record CounterState(int Value);

    private sealed class Counter : ReceivePersistentActor
    {
        private int _value;

        public Counter(string id, IActorRef probe)
        {
            PersistenceId = id;
            Recover<Added>(e => _value += e.Amount);
            Recover<SnapshotOffer>(offer =>
            {
                _value = ((CounterState)offer.Snapshot).Value;
                probe.Tell($"snapshot {_value} at {offer.Metadata.SequenceNr}", Self);
            });
            Recover<RecoveryCompleted>(_ => probe.Tell($"recovered {_value}", Self));
            Command<Add>(c => Persist(new Added(c.Amount), e =>
            {
                _value += e.Amount;
                Sender.Tell(_value, Self);
            }));
            Command<AddMany>(c => PersistAll(c.Amounts.Select(a => new Added(a)), e =>
            {
                _value += e.Amount;
                Sender.Tell(_value, Self);
            }));
            Command<AddUnserializable>(_ => Persist(new NotRegistered(1), _ => probe.Tell("handler ran", Self)));
            Command<Get>(_ => Sender.Tell($"value {_value} seq {LastSequenceNr}", Self));
            Command<TakeSnapshot>(_ => SaveSnapshot(new CounterState(_value)));
            Command<SaveSnapshotSuccess>(s => probe.Tell(s, Self));
            Command<Delete>(d => DeleteMessages(d.ToSequenceNr));
            Command<DeleteMessagesSuccess>(s => probe.Tell(s, Self));
        }

        public override string PersistenceId { get; }
    }
}
