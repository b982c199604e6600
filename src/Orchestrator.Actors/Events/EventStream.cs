namespace Orchestrator.Actors;

/// <summary>
/// The system's publish/subscribe bus: actors subscribe to a type and receive every published event
/// assignable to it (dead letters, unhandled messages, anything an application publishes).
/// </summary>
public sealed class EventStream
{
    private readonly Lock _writeLock = new();
    private volatile Subscription[] _subscriptions = [];

    public bool Subscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(channel);
        lock (_writeLock)
        {
            if (_subscriptions.Any(s => s.Subscriber.Equals(subscriber) && s.Channel == channel))
            {
                return false;
            }

            _subscriptions = [.. _subscriptions, new Subscription(subscriber, channel)];
            return true;
        }
    }

    /// <summary>Unsubscribes from one channel, or from all when <paramref name="channel"/> is null.</summary>
    public bool Unsubscribe(IActorRef subscriber, Type? channel = null)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        lock (_writeLock)
        {
            var kept = _subscriptions.Where(s => !(s.Subscriber.Equals(subscriber) && (channel is null || s.Channel == channel))).ToArray();
            var removed = kept.Length != _subscriptions.Length;
            _subscriptions = kept;
            return removed;
        }
    }

    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var type = @event.GetType();
        foreach (var subscription in _subscriptions)
        {
            if (subscription.Channel.IsAssignableFrom(type))
            {
                subscription.Subscriber.Tell(@event, ActorRefs.NoSender);
            }
        }
    }

    private sealed record Subscription(IActorRef Subscriber, Type Channel);
}
