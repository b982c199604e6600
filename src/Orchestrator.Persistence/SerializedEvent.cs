namespace Orchestrator.Persistence;

/// <summary>
/// An event or snapshot as it is stored: a manifest naming its type and its serialized bytes.
/// The store keeps the payload array as given, so it must not be changed after it is written.
/// </summary>
public readonly record struct SerializedEvent(string Manifest, byte[] Payload);
