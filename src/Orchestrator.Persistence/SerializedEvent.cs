namespace Orchestrator.Persistence;

/// <summary>
/// An event or snapshot as it is stored: a manifest naming its type and its serialized bytes.
/// The store keeps the payload array as given, so it must not be changed after it is written.
/// </summary>
public readonly record struct SerializedEvent(string Manifest, byte[] Payload)
{
    /// <summary>
    /// Optionally, an immutable in-memory form of the event that the writer shares with readers in the
    /// same process (live subscribers), so they need not deserialize the payload. Never stored: events
    /// read back from disk do not have it.
    /// </summary>
    public object? Local { get; init; }
}
