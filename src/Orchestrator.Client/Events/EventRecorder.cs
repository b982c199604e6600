using System.Text.Json.Nodes;
using Akka.Actor;

namespace Orchestrator.Client.Events;

/// <summary>
/// Records core/v1 Events about objects on behalf of one component (client-go's EventRecorder), so
/// <c>kubectl describe</c> and <c>kubectl get events</c> show what it did. Recording never blocks nor fails the
/// caller: the event is told to the <see cref="EventBroadcaster"/>, which writes it (or counts a repeat) through
/// the API. Thread-safe: use it from an actor or from a reconcile.
/// </summary>
public sealed class EventRecorder
{
    private readonly IActorRef _broadcaster;
    private readonly TimeProvider _clock;

    public EventRecorder(IActorRef broadcaster, EventSource source, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(broadcaster);
        ArgumentNullException.ThrowIfNull(source);
        _broadcaster = broadcaster;
        Source = source;
        _clock = clock ?? TimeProvider.System;
    }

    public EventSource Source { get; }

    /// <summary>Records an event about an object as the API returned it (it needs kind and metadata.name).</summary>
    /// <param name="type"><see cref="EventType.Normal"/> or <see cref="EventType.Warning"/>.</param>
    /// <param name="reason">A short UpperCamelCase reason, such as SuccessfulCreate.</param>
    public void Event(JsonObject obj, string type, string reason, string message) => Event(ObjectReference.From(obj), type, reason, message);

    public void Event(ObjectReference involvedObject, string type, string reason, string message)
    {
        ArgumentNullException.ThrowIfNull(involvedObject);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        ArgumentNullException.ThrowIfNull(message);
        if (!EventType.IsValid(type))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "an event's type is Normal or Warning");
        }

        _broadcaster.Tell(new RecordEvent(involvedObject, type, reason, message, Source, _clock.GetUtcNow()), ActorRefs.NoSender);
    }
}
