using System.Text.Json.Nodes;
using Orchestrator.Model.Protobuf;
using Orchestrator.Model.Schema;
using Xunit;

namespace Orchestrator.Model.Tests.Protobuf;

/// <summary>
/// JSON → protobuf → JSON for a representative object of every kind the schema serves. Decoding
/// shows what Kubernetes shows (its zero-valued fields added), so the check is: every value of the
/// original comes back unchanged, and the result is a fixed point (same bytes, same JSON again).
/// </summary>
public class RoundTripTests
{
    public static TheoryData<string, string> Kinds
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (apiVersion, kind, _) in KubeSchema.Default.Kinds.OrderBy(k => (k.ApiVersion, k.Kind)))
            {
                data.Add(apiVersion, kind);
            }

            return data;
        }
    }

    [Fact]
    public void Every_kind_has_a_sample()
    {
        var missing = KubeSchema.Default.Kinds.Where(k => !SampleObjects.Has(k.ApiVersion, k.Kind)).Select(k => $"{k.ApiVersion}/{k.Kind}");

        Assert.Empty(missing);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_value_survives_the_round_trip(string apiVersion, string kind)
    {
        var original = SampleObjects.For(apiVersion, kind);

        var decoded = KubeProtobuf.Decode(KubeProtobuf.Encode(original));

        AssertHolds(original, decoded, kind);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decoded_json_is_a_fixed_point(string apiVersion, string kind)
    {
        var bytes = KubeProtobuf.Encode(SampleObjects.For(apiVersion, kind));
        var decoded = KubeProtobuf.Decode(bytes);

        var again = KubeProtobuf.Encode(decoded);

        Assert.Equal(bytes, again);
        Documents.AssertEqual(decoded, KubeProtobuf.Decode(again));
    }

    [Fact]
    public void A_minimal_object_gains_the_fields_kubernetes_shows()
    {
        var deployment = Documents.Object("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx"}]}}}}
            """);

        var decoded = KubeProtobuf.Decode(KubeProtobuf.Encode(deployment));

        // What kubectl create deployment --dry-run=client -o json shows for such an object: the unset
        // pointer selector as null, struct values as {} and the zero creationTimestamp as null.
        Documents.AssertEqual(
            Documents.Json("""
                {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","creationTimestamp":null},
                 "spec":{"selector":null,"template":{"metadata":{"creationTimestamp":null},
                 "spec":{"containers":[{"name":"web","image":"nginx","resources":{}}]}},"strategy":{}},"status":{}}
                """),
            decoded);
    }

    /// <summary>Every value in <paramref name="expected"/> is in <paramref name="actual"/> at the same place.</summary>
    private static void AssertHolds(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case JsonObject expectedObject:
                var actualObject = Assert.IsType<JsonObject>(actual, exactMatch: false);
                foreach (var (name, value) in expectedObject)
                {
                    Assert.True(actualObject.ContainsKey(name), $"{path}.{name} was lost: {actual!.ToJsonString()}");
                    AssertHolds(value, actualObject[name], $"{path}.{name}");
                }

                break;
            case JsonArray expectedArray:
                var actualArray = Assert.IsType<JsonArray>(actual, exactMatch: false);
                Assert.True(expectedArray.Count == actualArray.Count, $"{path}: {expectedArray.Count} elements became {actualArray.Count}");
                for (var i = 0; i < expectedArray.Count; i++)
                {
                    AssertHolds(expectedArray[i], actualArray[i], $"{path}[{i}]");
                }

                break;
            default:
                Assert.True(
                    (expected?.ToJsonString() ?? "null") == (actual?.ToJsonString() ?? "null"),
                    $"{path}: {expected?.ToJsonString() ?? "null"} became {actual?.ToJsonString() ?? "null"}");
                break;
        }
    }
}
