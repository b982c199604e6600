using Orchestrator.Model.Protobuf;
using Xunit;
using static Orchestrator.Model.Tests.Protobuf.Wire;

namespace Orchestrator.Model.Tests.Protobuf;

/// <summary>Every malformed body is a <see cref="FormatException"/> saying what is wrong (the gateway answers 400).</summary>
public class MalformedBodyTests
{
    public static TheoryData<string, string, string> Bodies => new()
    {
        { "empty", string.Empty, "empty body" },
        { "json instead", Convert.ToHexString("{\"kind\":\"Pod\"}"u8), "prefix 6b 38 73 00" },
        { "prefix only", "6b387300", "empty body" },
        { "truncated varint", "6b387300 0a80", "truncated protobuf varint at byte 5" },
        { "length past the end", "6b387300 0a05 0a01", "runs past the end" },
        { "over-long varint", "6b387300 28 ffffffffffffffffffff01", "longer than 10 bytes" },
        { "field number zero", "6b387300 0000", "invalid protobuf field number 0" },
        { "wire type 7", "6b387300 0f", "invalid protobuf wire type 7" },
        { "unclosed group", "6b387300 2b 0801", "group 5 is not closed" },
        { "stray end group", "6b387300 2c", "unexpected protobuf end group" },
        { "envelope field of the wrong type", "6b387300 0801", "wrong wire type 0 (Varint) for field runtime.Unknown 1" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Malformed_bytes_are_rejected(string what, string hex, string message)
    {
        var body = Hex(hex);

        var error = Assert.Throws<FormatException>(() => KubeProtobuf.Decode(body));

        Assert.True(error.Message.Contains(message, StringComparison.Ordinal), $"{what}: {error.Message}");
    }

    [Fact]
    public void A_missing_kind_is_rejected()
    {
        var error = Assert.Throws<FormatException>(() => KubeProtobuf.Decode(Body("v1", string.Empty)));

        Assert.Contains("'Kind' is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_api_version_is_rejected()
    {
        var error = Assert.Throws<FormatException>(() => KubeProtobuf.Decode(Body(string.Empty, "Pod")));

        Assert.Contains("'apiVersion' is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_kind_is_rejected()
    {
        var error = Assert.Throws<FormatException>(() => KubeProtobuf.Decode(Body("example.com/v1", "Widget")));

        Assert.Equal("no kind \"Widget\" is registered for version \"example.com/v1\"", error.Message);
    }

    [Fact]
    public void A_known_field_with_the_wrong_wire_type_is_rejected()
    {
        // Pod metadata=1 sent as a varint.
        var error = Assert.Throws<FormatException>(() => KubeProtobuf.Decode(Body("v1", "Pod", Varint(1, 1))));

        Assert.Contains("wrong wire type 0 (Varint) for field Pod.metadata = 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_nested_message_is_rejected_with_its_offset()
    {
        // ConfigMap metadata=1 {name=1 claiming 9 bytes of 3}: the length is byte 26 of the body.
        var body = Body("v1", "ConfigMap", Message(1, Hex("0a09 616263")));

        var error = Assert.Throws<FormatException>(() => KubeProtobuf.Decode(body));

        Assert.Contains("runs past the end", error.Message, StringComparison.Ordinal);
        Assert.Contains("length 9 at byte 26", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_impossible_int_or_string_type_is_rejected()
    {
        var body = Body("v1", "Service", Message(2, Message(1, Message(4, Varint(1, 2)))));

        var error = Assert.Throws<FormatException>(() => KubeProtobuf.Decode(body));

        Assert.Contains("impossible IntOrString type 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_quantity_is_rejected()
    {
        var body = Body("v1", "ResourceQuota", Message(2, Entry(1, "cpu", Message(2, String(1, "lots")))));

        var error = Assert.Throws<FormatException>(() => KubeProtobuf.Decode(body));

        Assert.Contains("cannot parse 'lots'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_time_outside_the_years_1_to_9999_is_rejected()
    {
        var body = Body("v1", "Event", Message(6, Int(1, long.MaxValue / 2)));

        var error = Assert.Throws<FormatException>(() => KubeProtobuf.Decode(body));

        Assert.Contains("outside the years 1 to 9999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Managed_fields_that_are_not_json_are_rejected()
    {
        var body = Body("v1", "ConfigMap", Message(1, Message(17, Message(7, String(1, "{not json")))));

        var error = Assert.Throws<FormatException>(() => KubeProtobuf.Decode(body));

        Assert.Contains("neither JSON nor Kubernetes protobuf", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"kind":"Pod"}""", "'apiVersion' is missing")]
    [InlineData("""{"apiVersion":"v1","kind":"Widget"}""", "no kind \"Widget\"")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","spec":{"priority":"high"}}""", "spec.priority: expected a 32-bit integer, got \"high\"")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","spec":{"priority":4294967296}}""", "spec.priority: expected a 32-bit integer")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","spec":{"containers":{}}}""", "spec.containers: expected an array")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":1}]}}""", "spec.containers[0].name: expected a string")]
    [InlineData("""{"apiVersion":"v1","kind":"Secret","data":{"k":"%%%"}}""", "data[k]: illegal base64 data")]
    [InlineData("""{"apiVersion":"v1","kind":"Event","firstTimestamp":"yesterday"}""", "firstTimestamp: cannot parse \"yesterday\"")]
    [InlineData("""{"apiVersion":"v1","kind":"ResourceQuota","spec":{"hard":{"cpu":"lots"}}}""", "spec.hard[cpu]: cannot parse 'lots'")]
    public void Json_that_does_not_fit_the_schema_is_rejected_by_encode(string json, string message)
    {
        var error = Assert.Throws<FormatException>(() => KubeProtobuf.Encode(Documents.Object(json)));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
