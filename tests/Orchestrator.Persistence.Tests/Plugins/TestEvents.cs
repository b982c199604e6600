using System.Text;
using Akka.Actor;
using Akka.Serialization;
using Orchestrator.Persistence.Plugins;

namespace Orchestrator.Persistence.Tests.Plugins;

/// <summary>A test event that learns its revision from the journal plugin, as ResourceEntity's events do.</summary>
public sealed record Added(int Amount) : IRevisionedEvent
{
    public long Revision { get; init; }

    public IRevisionedEvent AtRevision(long revision) => this with { Revision = revision };
}

/// <summary>Only this size may be stored (the journals under test are configured with a small max-event-size).</summary>
public sealed record Huge(int Bytes);

public sealed record CounterState(int Value);

/// <summary>The events' storage format: what a SerializerWithStringManifest bound in HOCON looks like.</summary>
public sealed class TestEventSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public override int Identifier => 4901;

    public override string Manifest(object o) => o switch
    {
        Added => "added",
        Huge => "huge",
        CounterState => "counter-state",
        _ => throw new ArgumentException($"cannot serialize {o.GetType()}", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        Added a => Encoding.UTF8.GetBytes(a.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Huge h => new byte[h.Bytes],
        CounterState s => Encoding.UTF8.GetBytes(s.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        _ => throw new ArgumentException($"cannot serialize {obj.GetType()}", nameof(obj)),
    };

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        "added" => new Added(int.Parse(Encoding.UTF8.GetString(bytes), System.Globalization.CultureInfo.InvariantCulture)),
        "huge" => new Huge(bytes.Length),
        "counter-state" => new CounterState(int.Parse(Encoding.UTF8.GetString(bytes), System.Globalization.CultureInfo.InvariantCulture)),
        _ => throw new System.Runtime.Serialization.SerializationException($"unknown manifest {manifest}"),
    };

    public const string Hocon = """
        akka.actor.serializers.test-events = "Orchestrator.Persistence.Tests.Plugins.TestEventSerializer, Orchestrator.Persistence.Tests"
        akka.actor.serialization-bindings {
          "Orchestrator.Persistence.Tests.Plugins.Added, Orchestrator.Persistence.Tests" = test-events
          "Orchestrator.Persistence.Tests.Plugins.Huge, Orchestrator.Persistence.Tests" = test-events
          "Orchestrator.Persistence.Tests.Plugins.CounterState, Orchestrator.Persistence.Tests" = test-events
          "Orchestrator.Persistence.Tests.Plugins.Counter+NotSerializable, Orchestrator.Persistence.Tests" = test-events
        }
        """;
}
