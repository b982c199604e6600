using System.Globalization;
using Akka.Actor;
using Akka.Persistence;

namespace Orchestrator.Persistence.CrashWriter;

/// <summary>Persists 1, 2, 3, 1, 2, 3... events at a time, forever, printing each acknowledged write.</summary>
internal sealed class CrashWriterActor : ReceivePersistentActor
{
    private int _writes;

    public CrashWriterActor(string id, TextWriter output)
    {
        PersistenceId = id;
        Recover<CrashEvent>(_ => { });
        Recover<RecoveryCompleted>(_ => Self.Tell(Next.Instance));
        Command<Next>(_ =>
        {
            var count = 1 + (_writes++ % 3);
            var first = LastSequenceNr + 1;
            var events = Enumerable.Range(0, count).Select(k => new CrashEvent(PersistenceId, first + k)).ToList();
            PersistAll(events, e =>
            {
                if (e.SequenceNr == first + count - 1)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ack {PersistenceId} {first} {e.Revision - count + 1} {count} end"));
                    Self.Tell(Next.Instance);
                }
            });
        });
    }

    public override string PersistenceId { get; }

    private sealed class Next
    {
        public static readonly Next Instance = new();
    }
}
