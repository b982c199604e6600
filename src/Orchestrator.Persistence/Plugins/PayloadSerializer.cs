using System.Globalization;
using Akka.Actor;
using Akka.Serialization;

namespace Orchestrator.Persistence.Plugins;

/// <summary>
/// Turns persistent payloads into stored events and back with Akka's serialization, so each payload
/// type is written by the serializer bound to it in HOCON (the gateway binds its events to a
/// SerializerWithStringManifest of their own JSON). The stored manifest is
/// <c>serializerId:manifest</c>, which is what reading back needs.
/// </summary>
public sealed class PayloadSerializer(ActorSystem system)
{
    private readonly Akka.Serialization.Serialization _serialization = system.Serialization;

    /// <summary>The stored form; the payload itself rides along as <see cref="SerializedEvent.Local"/> for live readers in this process.</summary>
    public SerializedEvent Serialize(object payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var serializer = _serialization.FindSerializerFor(payload);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, payload);
        var stored = serializer.Identifier.ToString(CultureInfo.InvariantCulture) + ":" + manifest;
        return new SerializedEvent(stored, serializer.ToBinary(payload)) { Local = payload };
    }

    /// <summary>The payload: the writer's own object when it was written in this process, otherwise deserialized.</summary>
    public object Deserialize(SerializedEvent stored)
    {
        if (stored.Local is { } local)
        {
            return local;
        }

        var colon = stored.Manifest.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !int.TryParse(stored.Manifest.AsSpan(0, colon), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var serializerId))
        {
            throw new System.Runtime.Serialization.SerializationException($"stored manifest \"{stored.Manifest}\" does not name a serializer (expected serializerId:manifest)");
        }

        return _serialization.Deserialize(stored.Payload, serializerId, stored.Manifest[(colon + 1)..]);
    }
}
