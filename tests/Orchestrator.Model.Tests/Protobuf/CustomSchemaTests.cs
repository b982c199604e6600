using Orchestrator.Model.Protobuf;
using Orchestrator.Model.Schema;
using Xunit;
using static Orchestrator.Model.Schema.FieldType;
using static Orchestrator.Model.Schema.JsonPresence;
using static Orchestrator.Model.Tests.Protobuf.Wire;

namespace Orchestrator.Model.Tests.Protobuf;

/// <summary>The codec on kinds the served types do not use yet: RawExtension, doubles, pointers shown as null.</summary>
public class CustomSchemaTests
{
    private static readonly SchemaSet Schema = Build();

    [Fact]
    public void Raw_extension_holds_embedded_json()
    {
        var body = Body("example.com/v1", "Revision", Message(1, String(1, """{"kind":"Pod","spec":{"x":1}}""")), Fixed64(2, 0));

        var json = KubeProtobuf.Decode(body, Schema);

        Documents.AssertEqual(Documents.Json("""{"kind":"Revision","apiVersion":"example.com/v1","data":{"kind":"Pod","spec":{"x":1}},"score":0,"weight":null}"""), json);
        Assert.Equal(body, KubeProtobuf.Encode(json, Schema));
    }

    [Fact]
    public void Raw_extension_may_hold_a_kubernetes_protobuf_object()
    {
        byte[] inner = Body("v1", "Namespace", Message(1, String(1, "x")));
        var body = Body("example.com/v1", "Revision", Message(1, Bytes(1, inner)));

        var data = KubeProtobuf.Decode(body, Schema)["data"]!;

        Assert.Equal("Namespace", (string)data["kind"]!);
        Assert.Equal("x", (string)data["metadata"]!["name"]!);
    }

    [Fact]
    public void Unset_raw_extension_is_null_and_encodes_as_an_empty_message()
    {
        var json = Documents.Object("""{"apiVersion":"example.com/v1","kind":"Revision","data":null}""");

        var bytes = KubeProtobuf.Encode(json, Schema);

        Assert.Equal(Body("example.com/v1", "Revision", Message(1), Fixed64(2, 0)), bytes);
        Assert.Null(KubeProtobuf.Decode(bytes, Schema)["data"]);
    }

    [Fact]
    public void Doubles_are_fixed64()
    {
        var json = Documents.Object("""{"apiVersion":"example.com/v1","kind":"Revision","score":0.5,"weight":2}""");

        var bytes = KubeProtobuf.Encode(json, Schema);

        Assert.Equal(Body("example.com/v1", "Revision", Message(1), Fixed64(2, BitConverter.DoubleToUInt64Bits(0.5)), Int(3, 2)), bytes);
        Assert.Equal(0.5, (double)KubeProtobuf.Decode(bytes, Schema)["score"]!);
        Assert.Equal(2, (long)KubeProtobuf.Decode(bytes, Schema)["weight"]!);
    }

    [Fact]
    public void A_double_json_cannot_hold_is_rejected()
    {
        var body = Body("example.com/v1", "Revision", Fixed64(2, BitConverter.DoubleToUInt64Bits(double.NaN)));

        Assert.Throws<FormatException>(() => KubeProtobuf.Decode(body, Schema));
    }

    [Fact]
    public void Messages_decode_and_encode_without_the_envelope()
    {
        var revision = Schema.Message("example.v1.Revision");

        var json = KubeProtobuf.DecodeMessage(Int(3, 7), revision);

        Assert.Equal(7, (long)json["weight"]!);
        Assert.Equal([.. Message(1), .. Fixed64(2, 0), .. Int(3, 7)], KubeProtobuf.EncodeMessage(json, revision));
    }

    private static SchemaSet Build()
    {
        var s = new SchemaBuilder();
        s.Object("example.v1.Revision", "example.com/v1", "A revision.")
            .Field(1, "data", RawExtension, Always, "The embedded object.")
            .Field(2, "score", Float, Always, "A score.")
            .Field(3, "weight", Long, NullWhenUnset, "A weight, null when unset.");
        return s.Build();
    }
}
