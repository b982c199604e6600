namespace Orchestrator.Persistence;

/// <summary>A stored event as it is read back.</summary>
/// <param name="PersistenceId">The entity the event belongs to.</param>
/// <param name="SequenceNr">The event's number within its entity, 1, 2, 3, ...</param>
/// <param name="Revision">
/// The event's position in the journal's global order: strictly increasing and gap-free across
/// all entities. It becomes the resourceVersion of the object the event changed.
/// </param>
/// <param name="Manifest">Names the payload's type for the serializer.</param>
/// <param name="Payload">The serialized event.</param>
/// <param name="Timestamp">When the journal committed the event (UTC).</param>
public sealed record StoredEvent(
    string PersistenceId,
    long SequenceNr,
    long Revision,
    string Manifest,
    byte[] Payload,
    DateTimeOffset Timestamp)
{
    /// <summary>The writer's in-memory form of the event, when it was written in this process (see <see cref="SerializedEvent.Local"/>).</summary>
    public object? Local { get; init; }

    /// <summary>The manifest and payload as they were written.</summary>
    public SerializedEvent Event => new(Manifest, Payload) { Local = Local };
}
