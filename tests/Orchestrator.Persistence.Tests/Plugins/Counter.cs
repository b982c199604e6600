using Akka.Actor;
using Akka.Persistence;

namespace Orchestrator.Persistence.Tests.Plugins;

/// <summary>A persistent counter that reports what it does to a probe, for the plugin contract tests.</summary>
public sealed class Counter : ReceivePersistentActor
{
    private int _value;

    public Counter(string id, IActorRef probe)
    {
        PersistenceId = id;
        Recover<Added>(e =>
        {
            _value += e.Amount;
            probe.Tell(new Replayed(e.Amount, LastSequenceNr, e.Revision));
        });
        Recover<SnapshotOffer>(offer =>
        {
            _value = ((CounterState)offer.Snapshot).Value;
            probe.Tell($"snapshot {_value} at {offer.Metadata.SequenceNr}");
        });
        Recover<RecoveryCompleted>(_ => probe.Tell($"recovered {_value} seq {LastSequenceNr}"));
        Command<Add>(c => Persist(new Added(c.Amount), e =>
        {
            _value += e.Amount;
            Sender.Tell(new Persisted(_value, LastSequenceNr, e.Revision));
        }));
        Command<AddMany>(c => PersistAll(c.Amounts.Select(a => new Added(a)), e =>
        {
            _value += e.Amount;
            Sender.Tell(new Persisted(_value, LastSequenceNr, e.Revision));
        }));
        Command<AddWithHuge>(c => PersistAll<object>([new Added(c.Amount), new Huge(c.Bytes)], _ => Sender.Tell("handler ran")));
        Command<AddUnserializable>(_ => Persist(new NotSerializable(1), _ => probe.Tell("handler ran")));
        Command<Get>(_ => Sender.Tell($"value {_value} seq {LastSequenceNr}"));
        Command<TakeSnapshot>(_ => SaveSnapshot(new CounterState(_value)));
        Command<SaveSnapshotSuccess>(s => probe.Tell(s));
        Command<Delete>(d => DeleteMessages(d.ToSequenceNr));
        Command<DeleteMessagesSuccess>(s => probe.Tell(s));
        Command<DeleteMessagesFailure>(s => probe.Tell(s));
    }

    public override string PersistenceId { get; }

    /// <summary>The journal rejected a write: say so, then fail, so a restart recovers what the journal holds.</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        Sender.Tell(new Rejected(cause.GetType().Name, sequenceNr));
        throw new InvalidOperationException("write rejected", cause);
    }

    public sealed record Add(int Amount);

    public sealed record AddMany(int[] Amounts);

    public sealed record AddWithHuge(int Amount, int Bytes);

    public sealed record AddUnserializable;

    public sealed record Get;

    public sealed record TakeSnapshot;

    public sealed record Delete(long ToSequenceNr);

    public sealed record Persisted(int Value, long SequenceNr, long Revision);

    public sealed record Replayed(int Amount, long SequenceNr, long Revision);

    public sealed record Rejected(string Cause, long SequenceNr);

    public sealed record NotSerializable(int X);
}
