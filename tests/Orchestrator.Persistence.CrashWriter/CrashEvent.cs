using Akka.Actor;
using Akka.Serialization;
using Orchestrator.Persistence.Plugins;

namespace Orchestrator.Persistence.CrashWriter;

/// <summary>The crash writer's event: stored as <see cref="CrashPayload"/>'s bytes, so the test can check content too.</summary>
internal sealed record CrashEvent(string PersistenceId, long SequenceNr) : IRevisionedEvent
{
    public long Revision { get; init; }

    public IRevisionedEvent AtRevision(long revision) => this with { Revision = revision };
}

internal sealed class CrashEventSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const string Hocon = """
        akka.actor.serializers.crash = "Orchestrator.Persistence.CrashWriter.CrashEventSerializer, Orchestrator.Persistence.CrashWriter"
        akka.actor.serialization-bindings { "Orchestrator.Persistence.CrashWriter.CrashEvent, Orchestrator.Persistence.CrashWriter" = crash }
        """;

    public override int Identifier => 4902;

    public override string Manifest(object o) => CrashPayload.Manifest;

    public override byte[] ToBinary(object obj) => obj is CrashEvent e
        ? CrashPayload.For(e.PersistenceId, e.SequenceNr).Payload
        : throw new ArgumentException($"cannot serialize {obj?.GetType()}", nameof(obj));

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var parts = System.Text.Encoding.UTF8.GetString(bytes).Split(':');
        return new CrashEvent(parts[0], long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
