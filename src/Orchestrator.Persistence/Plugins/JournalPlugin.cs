using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Orchestrator.Persistence.Journal;

namespace Orchestrator.Persistence.Plugins;

/// <summary>
/// An Akka.Persistence journal plugin over one of our stores, speaking the journal protocol itself
/// rather than through Akka's AsyncWriteJournal, for two reasons:
/// <list type="bullet">
/// <item>Group commit across actors. Every <c>WriteMessages</c> that arrives while a commit runs waits
/// in the mailbox; a <see cref="Flush"/> told to itself after the first of them commits them all in one
/// transaction. An idle store commits on this actor's thread (the plugin runs on its own dispatcher), so a
/// lone writer pays one commit and two message hops — AsyncWriteJournal adds a resequencer hop and a
/// continuation per write, which measured at half the single-writer rate.</item>
/// <item>The global order. Each event's revision (the journal-wide commit position that becomes a
/// resourceVersion) must reach the persistent actor before its Persist handler runs. The protocol has no
/// slot for it, so the plugin replies with the payload enriched: an <see cref="IRevisionedEvent"/> comes
/// back as <see cref="IRevisionedEvent.AtRevision"/>, in <c>WriteMessageSuccess</c> and in replay.</item>
/// </list>
/// A write that loses the compare-and-append race on its sequence number, or is too large, is rejected
/// (<c>WriteMessageRejected</c>); a store failure fails the whole request (<c>WriteMessagesFailed</c>),
/// as Akka's contract says. Event adapters are not applied.
/// </summary>
public abstract class JournalPlugin : UntypedActor
{
    private readonly IJournal _store;
    private readonly PayloadSerializer _payloads;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private List<PendingWrite> _pending = [];
    private bool _flushScheduled;

    protected JournalPlugin()
    {
        _store = JournalStores.Get(Context.System).GetOrOpen(Self.Path.Name);
        _payloads = new PayloadSerializer(Context.System);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case WriteMessages write:
                Accept(write);
                break;
            case Flush:
                Commit();
                break;
            case Committed committed:
                Reply(committed.Batch);
                break;
            case ReplayMessages replay:
                _ = ReplayAsync(replay);
                break;
            case DeleteMessagesTo delete:
                _ = DeleteAsync(delete);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Accept(WriteMessages request)
    {
        var writes = new List<AtomicWriteState>();
        foreach (var envelope in request.Messages)
        {
            if (envelope is not AtomicWrite atomic)
            {
                continue;
            }

            var persistents = (IImmutableList<IPersistentRepresentation>)atomic.Payload;
            try
            {
                var events = new SerializedEvent[persistents.Count];
                for (var i = 0; i < events.Length; i++)
                {
                    events[i] = _payloads.Serialize(persistents[i].Payload);
                }

                writes.Add(new AtomicWriteState(new JournalWrite(atomic.PersistenceId, atomic.LowestSequenceNr - 1, events)));
            }
            catch (Exception e)
            {
                // Not serializable: rejected, as Akka's plugins reject what they cannot serialize.
                writes.Add(new AtomicWriteState(null) { Rejection = e });
            }
        }

        _pending.Add(new PendingWrite(request, writes));
        if (!_flushScheduled)
        {
            _flushScheduled = true;
            Self.Tell(Flush.Instance);
        }
    }

    /// <summary>Commits every write that arrived since the last flush, together.</summary>
    private void Commit()
    {
        _flushScheduled = false;
        var batch = _pending;
        _pending = [];
        var toStore = batch.SelectMany(p => p.Writes).Where(w => w.Write is not null).ToList();
        if (toStore.Count > 0)
        {
            try
            {
                var outcomes = _store.WriteAll([.. toStore.Select(w => w.Write!.Value)]);
                for (var i = 0; i < outcomes.Count; i++)
                {
                    toStore[i].Outcome = outcomes[i];
                }
            }
            catch (Exception e)
            {
                foreach (var write in toStore)
                {
                    write.Outcome = Task.FromException<IReadOnlyList<long>>(e);
                }
            }
        }

        if (toStore.All(w => w.Outcome!.IsCompleted))
        {
            Reply(batch);
            return;
        }

        // The store was busy (compaction, or writes queued by another caller): reply once it has committed.
        var self = Self;
        Task.WhenAll(toStore.Select(w => w.Outcome!)).ContinueWith(
            _ => self.Tell(new Committed(batch)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void Reply(List<PendingWrite> batch)
    {
        foreach (var pending in batch)
        {
            var request = pending.Request;
            var failure = pending.Writes.Select(w => w.Failure).FirstOrDefault(f => f is not null);
            if (failure is not null)
            {
                _log.Error(failure, "writing events of {0} failed", request.PersistentActor.Path);
                request.PersistentActor.Tell(new WriteMessagesFailed(failure, pending.Writes.Count), Self);
            }
            else
            {
                request.PersistentActor.Tell(WriteMessagesSuccessful.Instance, Self);
            }

            var index = 0;
            foreach (var envelope in request.Messages)
            {
                if (envelope is not AtomicWrite atomic)
                {
                    request.PersistentActor.Tell(new LoopMessageSuccess(envelope.Payload, request.ActorInstanceId), envelope.Sender);
                    continue;
                }

                var write = pending.Writes[index++];
                var persistents = (IImmutableList<IPersistentRepresentation>)atomic.Payload;
                var revisions = failure is null && write.Rejection is null ? write.Outcome!.Result : null;
                for (var i = 0; i < persistents.Count; i++)
                {
                    var p = persistents[i];
                    object reply = failure is not null
                        ? new WriteMessageFailure(p, failure, request.ActorInstanceId)
                        : write.Rejection is { } rejection
                            ? new WriteMessageRejected(p, rejection, request.ActorInstanceId)
                            : new WriteMessageSuccess(AtRevision(p, revisions![i]), request.ActorInstanceId);

                    // The original sender, so that Sender in the Persist handler is the command's.
                    request.PersistentActor.Tell(reply, p.Sender);
                }
            }
        }
    }

    private async Task ReplayAsync(ReplayMessages replay)
    {
        var target = replay.PersistentActor;
        try
        {
            var highest = await _store.HighestSequenceNrAsync(replay.PersistenceId).ConfigureAwait(false);
            var to = Math.Min(replay.ToSequenceNr, highest);
            var count = 0L;
            if (replay.FromSequenceNr <= to && replay.Max > 0)
            {
                await foreach (var e in _store.ReadAsync(replay.PersistenceId, replay.FromSequenceNr, to).ConfigureAwait(false))
                {
                    var payload = _payloads.Deserialize(e.Event);
                    var persistent = new Persistent(payload, e.SequenceNr, e.PersistenceId, "", false, ActorRefs.NoSender, "", e.Timestamp.UtcTicks);
                    target.Tell(new ReplayedMessage(AtRevision(persistent, e.Revision)), ActorRefs.NoSender);
                    if (++count >= replay.Max)
                    {
                        break;
                    }
                }
            }

            target.Tell(new RecoverySuccess(highest), ActorRefs.NoSender);
        }
        catch (Exception e)
        {
            target.Tell(new ReplayMessagesFailure(e), ActorRefs.NoSender);
        }
    }

    private async Task DeleteAsync(DeleteMessagesTo delete)
    {
        var self = Self;
        try
        {
            await _store.DeleteAsync(delete.PersistenceId, delete.ToSequenceNr).ConfigureAwait(false);
            delete.PersistentActor.Tell(new DeleteMessagesSuccess(delete.ToSequenceNr), self);
        }
        catch (Exception e)
        {
            delete.PersistentActor.Tell(new DeleteMessagesFailure(e, delete.ToSequenceNr), self);
        }
    }

    private static IPersistentRepresentation AtRevision(IPersistentRepresentation p, long revision) =>
        p.Payload is IRevisionedEvent revisioned ? p.WithPayload(revisioned.AtRevision(revision)) : p;

    /// <summary>Commit what has arrived.</summary>
    private sealed class Flush
    {
        public static readonly Flush Instance = new();
    }

    /// <summary>A batch the store committed off this actor's thread.</summary>
    private sealed record Committed(List<PendingWrite> Batch);

    private sealed record PendingWrite(WriteMessages Request, List<AtomicWriteState> Writes);

    private sealed class AtomicWriteState(JournalWrite? write)
    {
        public JournalWrite? Write { get; } = write;

        public Task<IReadOnlyList<long>>? Outcome { get; set; }

        /// <summary>Not stored: unserializable, too large, or it lost the race for its sequence numbers.</summary>
        public Exception? Rejection
        {
            get => field ?? (Outcome is { IsFaulted: true } t && IsRejection(t.Exception!.InnerException!) ? t.Exception.InnerException : null);
            init;
        }

        /// <summary>The store failed: every write of the request fails.</summary>
        public Exception? Failure =>
            Outcome is { IsCompleted: true, IsCompletedSuccessfully: false } t && (t.IsCanceled || !IsRejection(t.Exception!.InnerException!))
                ? t.Exception?.InnerException ?? new TaskCanceledException(t)
                : null;

        private static bool IsRejection(Exception e) => e is JournalConflictException or EventTooLargeException;
    }
}
