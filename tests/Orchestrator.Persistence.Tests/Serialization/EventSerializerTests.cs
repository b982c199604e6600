using System.Text;
using System.Text.Json;
using Orchestrator.Persistence.Journal;
using Orchestrator.Persistence.Serialization;
using Xunit;

namespace Orchestrator.Persistence.Tests.Serialization;

public sealed class EventSerializerTests
{
    private static EventSerializer Serializer() => new EventSerializer()
        .Register("pod-created.v1", TestJsonContext.Default.PodCreated)
        .Register("pod-deleted.v1", TestJsonContext.Default.PodDeleted);

    [Fact]
    public void A_registered_event_round_trips_under_its_manifest_with_source_generated_metadata()
    {
        var serializer = Serializer();
        var created = new PodCreated("web-1", 3, ["app=web", "tier=front"]);

        var serialized = serializer.Serialize(created);
        Assert.Equal("pod-created.v1", serialized.Manifest);
        Assert.Equal("""{"Name":"web-1","Replicas":3,"Labels":["app=web","tier=front"]}""", Encoding.UTF8.GetString(serialized.Payload));

        var back = Assert.IsType<PodCreated>(serializer.Deserialize(serialized));
        Assert.Equal(created.Name, back.Name);
        Assert.Equal(created.Labels, back.Labels);
        Assert.Equal("pod-deleted.v1", serializer.ManifestOf(typeof(PodDeleted)));
    }

    [Fact]
    public void Types_registered_without_metadata_use_the_serializer_options()
    {
        var serializer = new EventSerializer(new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase })
            .Register<PodDeleted>("pod-deleted.v1");

        var serialized = serializer.Serialize(new PodDeleted("db-0"));
        Assert.Equal("""{"name":"db-0"}""", Encoding.UTF8.GetString(serialized.Payload));
        Assert.Equal(new PodDeleted("db-0"), serializer.Deserialize(serialized));
    }

    [Fact]
    public void An_envelope_read_from_a_journal_deserializes_by_its_manifest()
    {
        var serializer = Serializer();
        var serialized = serializer.Serialize(new PodDeleted("x"));
        var envelope = new EventEnvelope("pods/x", 4, 17, serialized.Manifest, serialized.Payload, DateTimeOffset.UtcNow);
        Assert.Equal(new PodDeleted("x"), serializer.Deserialize(envelope));
    }

    [Fact]
    public void An_unknown_manifest_fails_loudly_naming_it()
    {
        var ex = Assert.Throws<UnknownManifestException>(() => Serializer().Deserialize(new SerializedEvent("pod-created.v9", "{}"u8.ToArray())));
        Assert.Equal("pod-created.v9", ex.Manifest);
        Assert.Contains("'pod-created.v9'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unregistered_type_fails_loudly_naming_it()
    {
        var ex = Assert.Throws<UnknownManifestException>(() => Serializer().Serialize(new NeverRegistered(1)));
        Assert.Equal(typeof(NeverRegistered), ex.Type);
        Assert.Contains(typeof(NeverRegistered).FullName!, ex.Message, StringComparison.Ordinal);
        Assert.Throws<UnknownManifestException>(() => Serializer().ManifestOf(typeof(NeverRegistered)));
    }

    [Fact]
    public void A_manifest_or_type_can_be_registered_only_once()
    {
        var serializer = Serializer();
        Assert.Throws<ArgumentException>(() => serializer.Register<NeverRegistered>("pod-created.v1"));
        Assert.Throws<ArgumentException>(() => serializer.Register("another.v1", TestJsonContext.Default.PodCreated));

        // The failed registrations left the serializer as it was.
        Assert.Throws<UnknownManifestException>(() => serializer.Serialize(new NeverRegistered(1)));
        Assert.Throws<UnknownManifestException>(() => serializer.Deserialize(new SerializedEvent("another.v1", "{}"u8.ToArray())));
    }

    [Fact]
    public void A_json_null_payload_is_rejected_rather_than_returned_as_null()
    {
        var ex = Assert.Throws<JsonException>(() => Serializer().Deserialize(new SerializedEvent("pod-deleted.v1", "null"u8.ToArray())));
        Assert.Contains("pod-deleted.v1", ex.Message, StringComparison.Ordinal);
    }
}
