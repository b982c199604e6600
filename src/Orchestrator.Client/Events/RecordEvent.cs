namespace Orchestrator.Client.Events;

/// <summary>An Event to write, as an <see cref="EventRecorder"/> tells it to the <see cref="EventBroadcaster"/>.</summary>
public sealed record RecordEvent(ObjectReference InvolvedObject, string Type, string Reason, string Message, EventSource Source, DateTimeOffset Timestamp);
