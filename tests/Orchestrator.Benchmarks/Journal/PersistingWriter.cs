using System.Diagnostics;
using Akka.Actor;
using Akka.Persistence;

namespace Orchestrator.Benchmarks.Journal;

/// <summary>
/// Persists 1 KiB events one after another until a deadline (the next Persist once the previous is
/// durable, as an entity does), recording each one's latency.
/// </summary>
internal sealed class PersistingWriter : ReceivePersistentActor
{
    private readonly Blob _blob;
    private readonly List<long> _latencies;
    private long _deadline;
    private long _began;
    private TaskCompletionSource? _done;

    public PersistingWriter(string id, Blob blob, List<long> latencies)
    {
        PersistenceId = id;
        _blob = blob;
        _latencies = latencies;
        Command<Run>(run =>
        {
            _deadline = run.Deadline;
            _done = run.Done;
            Next();
        });
    }

    public override string PersistenceId { get; }

    private void Next()
    {
        _began = Stopwatch.GetTimestamp();
        if (_began >= _deadline)
        {
            _done!.TrySetResult();
            return;
        }

        Persist(_blob, _ =>
        {
            _latencies.Add(Stopwatch.GetTimestamp() - _began);
            Next();
        });
    }

    /// <summary>Persist until <see cref="Deadline"/> (a Stopwatch timestamp), then complete <see cref="Done"/>.</summary>
    public sealed record Run(long Deadline, TaskCompletionSource Done);
}

/// <summary>Recovers, and says so.</summary>
internal sealed class RecoveringActor : ReceivePersistentActor
{
    public RecoveringActor(string id, TaskCompletionSource<long> recovered)
    {
        PersistenceId = id;
        Recover<SnapshotOffer>(_ => { });
        Recover<Blob>(_ => { });
        Recover<RecoveryCompleted>(_ => recovered.TrySetResult(LastSequenceNr));
    }

    public override string PersistenceId { get; }
}

/// <summary>Builds a history: events in PersistAll chunks, a snapshot every so many.</summary>
internal sealed class HistoryWriter : ReceivePersistentActor
{
    public HistoryWriter(string id, int events, int snapshotEvery, Blob blob, BenchState state, TaskCompletionSource done)
    {
        PersistenceId = id;
        Command<Write>(_ =>
        {
            var written = 0;
            while (written < events)
            {
                var chunk = Math.Min(100, events - written);
                written += chunk;
                PersistAll(Enumerable.Repeat(blob, chunk), _ =>
                {
                    if (snapshotEvery > 0 && LastSequenceNr % snapshotEvery == 0)
                    {
                        SaveSnapshot(state);
                    }

                    if (LastSequenceNr == events)
                    {
                        done.TrySetResult();
                    }
                });
            }
        });
        Command<SaveSnapshotSuccess>(_ => { });
    }

    public override string PersistenceId { get; }

    public sealed record Write;
}
