using Orchestrator.Actors.Dispatch;

namespace Orchestrator.Actors.Cell;

internal sealed partial class ActorCell
{
    private HashSet<IActorRef>? _watching;
    private HashSet<IInternalActorRef>? _watchedBy;

    public IActorRef Watch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var watchee = subject.AsInternal();
        if (!ReferenceEquals(watchee, Self) && (_watching ??= []).Add(watchee))
        {
            watchee.SendSystemMessage(new Watch(watchee, Self));
        }

        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var watchee = subject.AsInternal();
        if (_watching is not null && _watching.Remove(watchee))
        {
            watchee.SendSystemMessage(new Unwatch(watchee, Self));
        }

        return subject;
    }

    private void HandleWatch(Watch watch)
    {
        if (ReferenceEquals(watch.Watchee, Self) && !ReferenceEquals(watch.Watcher, Self))
        {
            (_watchedBy ??= []).Add(watch.Watcher);
        }
    }

    private void HandleUnwatch(Unwatch unwatch) => _watchedBy?.Remove(unwatch.Watcher);

    /// <summary>
    /// Turns the notice into a <see cref="Terminated"/> at the tail of the user queue: it arrives after
    /// every message the dead actor sent before it stopped, and not at all if unwatched meanwhile.
    /// </summary>
    private void HandleDeathWatchNotification(DeathWatchNotification notification)
    {
        if (_watching is not null && _watching.Contains(notification.Actor))
        {
            Mailbox.Post(new Envelope(new Terminated(notification.Actor, notification.ExistenceConfirmed), notification.Actor));
        }
    }

    private void TellWatchersWeDied()
    {
        if (_watchedBy is not null)
        {
            foreach (var watcher in _watchedBy)
            {
                watcher.SendSystemMessage(new DeathWatchNotification(Self, ExistenceConfirmed: true));
            }

            _watchedBy = null;
        }

        if (_watching is not null)
        {
            foreach (var watchee in _watching)
            {
                ((IInternalActorRef)watchee).SendSystemMessage(new Unwatch((IInternalActorRef)watchee, Self));
            }

            _watching = null;
        }
    }
}
