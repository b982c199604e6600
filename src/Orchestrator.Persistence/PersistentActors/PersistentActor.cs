using Microsoft.Extensions.Logging;
using Orchestrator.Actors;
using Orchestrator.Persistence.Journal;
using Orchestrator.Persistence.Snapshots;

namespace Orchestrator.Persistence.PersistentActors;

/// <summary>
/// An event-sourced actor (Akka.Persistence's PersistentActor). On start it recovers: the latest
/// snapshot, then every later event, through <see cref="ReceiveRecover"/>. Commands go to
/// <see cref="ReceiveCommand"/>; <see cref="Persist{TEvent}"/> writes an event and runs its handler
/// once the journal has made it durable. Until then no further command is handled: they wait in the
/// mailbox, in order. A failed write stops the actor; a write that lost a sequence-number race is
/// reported through <see cref="OnPersistRejected"/> (which by default fails the actor, so a restart
/// recovers the state that won).
/// </summary>
public abstract class PersistentActor : ActorBase
{
    private List<PendingEvent> _pending = [];
    private PersistenceExtension? _persistence;

    /// <summary>Names the entity's event stream in the journal; must be stable across restarts.</summary>
    public abstract string PersistenceId { get; }

    /// <summary>The sequence nr of the last event persisted or recovered.</summary>
    public long LastSequenceNr { get; private set; }

    /// <summary>The journal revision (global position) of the last event persisted or recovered.</summary>
    public long LastRevision { get; private set; }

    /// <summary>The sequence nr of the snapshot recovery started from, 0 if none.</summary>
    public long SnapshotSequenceNr { get; private set; }

    public bool IsRecovering { get; private set; } = true;

    protected PersistenceExtension Persistence => _persistence ??= PersistenceExtension.Get(Context.System);

    /// <summary>Which snapshot recovery starts from; <see cref="SnapshotSelectionCriteria.None"/> skips the snapshot store.</summary>
    protected virtual SnapshotSelectionCriteria Recovery => SnapshotSelectionCriteria.Latest;

    protected abstract bool ReceiveCommand(object message);

    protected abstract bool ReceiveRecover(object message);

    protected sealed override bool Receive(object message)
    {
        var handled = ReceiveCommand(message);
        FlushIfPending();
        return handled;
    }

    /// <summary>Persists <paramref name="event"/>; <paramref name="handler"/> runs on this actor once it is durable.</summary>
    protected void Persist<TEvent>(TEvent @event, Action<TEvent> handler)
        where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (IsRecovering)
        {
            throw new InvalidOperationException("cannot persist while recovering");
        }

        _pending.Add(new PendingEvent(@event, e => handler((TEvent)e)));
    }

    /// <summary>Persists the events atomically: all of them or none.</summary>
    protected void PersistAll<TEvent>(IEnumerable<TEvent> events, Action<TEvent> handler)
        where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var @event in events)
        {
            Persist(@event, handler);
        }
    }

    /// <summary>Saves a snapshot at <see cref="LastSequenceNr"/>; the outcome arrives as a message.</summary>
    protected void SaveSnapshot(object snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var metadata = new SnapshotMetadata(PersistenceId, LastSequenceNr, DateTimeOffset.UtcNow);
        var serialized = Persistence.Serializer.Serialize(snapshot);
        var self = Self;
        Persistence.SnapshotStore.SaveAsync(metadata, serialized).ContinueWith(
            t => self.Tell(t.IsCompletedSuccessfully ? new SaveSnapshotSuccess(metadata) : new SaveSnapshotFailure(metadata, Cause(t)), self),
            TaskScheduler.Default);
    }

    /// <summary>Deletes events up to <paramref name="toSequenceNr"/> (typically covered by a snapshot).</summary>
    protected void DeleteMessages(long toSequenceNr)
    {
        var self = Self;
        Persistence.Journal.DeleteAsync(PersistenceId, toSequenceNr).ContinueWith(
            t => self.Tell(t.IsCompletedSuccessfully ? new DeleteMessagesSuccess(toSequenceNr) : new DeleteMessagesFailure(Cause(t), toSequenceNr), self),
            TaskScheduler.Default);
    }

    protected void DeleteSnapshots(SnapshotSelectionCriteria criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var self = Self;
        Persistence.SnapshotStore.DeleteAsync(PersistenceId, criteria).ContinueWith(
            t => self.Tell(t.IsCompletedSuccessfully ? new DeleteSnapshotsSuccess(criteria) : new DeleteSnapshotsFailure(criteria, Cause(t)), self),
            TaskScheduler.Default);
    }

    /// <summary>Recovery failed (unreadable snapshot or event): logged, then the actor stops.</summary>
    protected virtual void OnRecoveryFailure(Exception cause) =>
        Context.Log.LogError(cause, "{Path}: recovery of {PersistenceId} failed", Self.Path, PersistenceId);

    /// <summary>The journal could not write: logged, then the actor stops; the event's handler never runs.</summary>
    protected virtual void OnPersistFailure(Exception cause, object @event, long sequenceNr) =>
        Context.Log.LogError(cause, "{Path}: persisting {Event} as {PersistenceId}#{SequenceNr} failed", Self.Path, @event.GetType().Name, PersistenceId, sequenceNr);

    /// <summary>Another writer appended to this entity first. By default the actor fails, so its supervisor restarts it on the winning state.</summary>
    protected virtual void OnPersistRejected(JournalConflictException cause, object @event, long sequenceNr) =>
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);

    protected override void PreStart() => RunTask(RecoverAsync);

    private async Task RecoverAsync()
    {
        try
        {
            var criteria = Recovery;
            var snapshot = criteria.MaxSequenceNr == 0 ? null : await Persistence.SnapshotStore.LoadAsync(PersistenceId, criteria);
            if (snapshot is not null)
            {
                var state = Persistence.Serializer.Deserialize(snapshot.Snapshot);
                LastSequenceNr = SnapshotSequenceNr = snapshot.Metadata.SequenceNr;
                ReceiveRecover(new SnapshotOffer(snapshot.Metadata, state));
            }

            await foreach (var envelope in Persistence.Journal.ReadAsync(PersistenceId, LastSequenceNr + 1, long.MaxValue))
            {
                LastSequenceNr = envelope.SequenceNr;
                LastRevision = envelope.Revision;
                ReceiveRecover(Persistence.Serializer.Deserialize(envelope.Event));
            }

            // Deleted trailing events still count: the next event continues after the highest number.
            LastSequenceNr = Math.Max(LastSequenceNr, await Persistence.Journal.HighestSequenceNrAsync(PersistenceId));
        }
        catch (Exception e)
        {
            OnRecoveryFailure(e);
            Context.Stop(Self);
            return;
        }

        IsRecovering = false;
        ReceiveRecover(RecoveryCompleted.Instance);
        FlushIfPending();
    }

    private void FlushIfPending()
    {
        if (_pending.Count > 0)
        {
            RunTask(FlushAsync);
        }
    }

    /// <summary>Writes what the command persisted as one atomic append, then runs the handlers in order.</summary>
    private async Task FlushAsync()
    {
        while (_pending.Count > 0)
        {
            var batch = _pending;
            _pending = [];
            IReadOnlyList<long> revisions;
            try
            {
                var events = new SerializedEvent[batch.Count];
                for (var i = 0; i < batch.Count; i++)
                {
                    events[i] = Persistence.Serializer.Serialize(batch[i].Event);
                }

                revisions = await Persistence.Journal.WriteAsync(PersistenceId, LastSequenceNr, events);
            }
            catch (JournalConflictException conflict)
            {
                OnPersistRejected(conflict, batch[0].Event, LastSequenceNr + 1);
                return;
            }
            catch (Exception e)
            {
                OnPersistFailure(e, batch[0].Event, LastSequenceNr + 1);
                Context.Stop(Self);
                return;
            }

            for (var i = 0; i < batch.Count; i++)
            {
                LastSequenceNr++;
                LastRevision = revisions[i];
                batch[i].Handler(batch[i].Event);
            }
        }
    }

    private static Exception Cause(Task task) => task.Exception?.InnerException ?? new TaskCanceledException(task);

    private sealed record PendingEvent(object Event, Action<object> Handler);
}
