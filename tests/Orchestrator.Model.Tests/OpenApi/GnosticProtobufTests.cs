using System.Text.Json.Nodes;
using Orchestrator.Model.OpenApi;
using Xunit;
using YamlDotNet.Serialization;

namespace Orchestrator.Model.Tests.OpenApi;

public class GnosticProtobufTests
{
    private static readonly JsonObject Document = OpenApiV2.Build(SampleResources.All);

    [Fact]
    public void The_document_round_trips_through_a_reader_of_the_proto()
    {
        var bytes = GnosticProtobuf.Encode(Document);

        var decoded = GnosticReader.Read(bytes);

        Assert.True(JsonNode.DeepEquals(Document, decoded), FirstDifference(Document, decoded, "$"));
    }

    [Fact]
    public void The_document_starts_with_the_swagger_version_as_field_1()
    {
        var bytes = GnosticProtobuf.Encode(Document);

        Assert.Equal(new byte[] { 0x0A, 0x03, (byte)'2', (byte)'.', (byte)'0', 0x12 }, bytes[..6]);
    }

    [Fact]
    public void Vendor_extensions_are_yaml_that_a_yaml_parser_reads()
    {
        var yamls = new List<string>();
        GnosticReader.Read(GnosticProtobuf.Encode(Document), yamls);
        var deserializer = new DeserializerBuilder().Build();

        Assert.NotEmpty(yamls);
        foreach (var yaml in yamls)
        {
            deserializer.Deserialize<object>(yaml);
        }

        // A definition's x-kubernetes-group-version-kind: a list of maps, as kubectl's openapi.Resources reads it.
        var gvks = deserializer.Deserialize<List<Dictionary<string, string>>>(yamls.First(y => y.Contains("\"kind\":\"Pod\"", StringComparison.Ordinal) && y.StartsWith('[')));
        Assert.Equal(new Dictionary<string, string> { ["group"] = "", ["kind"] = "Pod", ["version"] = "v1" }, Assert.Single(gvks));

        // An operation's: one map, as kubectl's QueryParamVerifier reads it.
        var gvk = deserializer.Deserialize<Dictionary<string, string>>(yamls.First(y => y.Contains("\"kind\":\"Deployment\"", StringComparison.Ordinal) && y.StartsWith('{')));
        Assert.Equal("apps", gvk["group"]);
    }

    [Fact]
    public void Encoding_is_deterministic()
    {
        Assert.Equal(GnosticProtobuf.Encode(Document), GnosticProtobuf.Encode(OpenApiV2.Build(SampleResources.All)));
    }

    [Theory]
    [InlineData("""{"swagger":"2.0","tagz":[]}""")]
    [InlineData("""{"definitions":{"A":{"type":"object","patternProperties":{}}}}""")]
    [InlineData("""{"paths":{"/a":{"get":{"parameters":[{"in":"cookie","name":"c"}]}}}}""")]
    public void What_the_encoding_cannot_hold_throws_instead_of_vanishing(string json)
    {
        Assert.Throws<NotSupportedException>(() => GnosticProtobuf.Encode(JsonNode.Parse(json)!.AsObject()));
    }

    [Fact]
    public void Schema_variants_round_trip()
    {
        var document = JsonNode.Parse("""
            {
              "swagger": "2.0",
              "definitions": {
                "A": {"type": ["string", "null"], "items": [{"type": "string"}, {"type": "integer"}], "additionalProperties": false, "enum": ["a", 1, true, null]},
                "B": {"allOf": [{"$ref": "#/definitions/A"}], "readOnly": true, "default": {"x": [1, 2]}, "x-custom": {"nested": "value"}}
              },
              "paths": {
                "/b": {
                  "parameters": [{"$ref": "#/parameters/shared"}],
                  "get": {"deprecated": true, "parameters": [{"in": "header", "name": "h", "type": "string"}], "responses": {"default": {"$ref": "#/responses/x"}}}
                }
              }
            }
            """)!.AsObject();

        var decoded = GnosticReader.Read(GnosticProtobuf.Encode(document));

        Assert.True(JsonNode.DeepEquals(document, decoded), FirstDifference(document, decoded, "$"));
    }

    private static string FirstDifference(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                foreach (var key in e.Select(p => p.Key).Union(a.Select(p => p.Key)))
                {
                    if (!JsonNode.DeepEquals(e[key], a[key]))
                    {
                        return FirstDifference(e[key], a[key], $"{path}.{key}");
                    }
                }

                break;
            case (JsonArray e, JsonArray a) when e.Count == a.Count:
                for (var i = 0; i < e.Count; i++)
                {
                    if (!JsonNode.DeepEquals(e[i], a[i]))
                    {
                        return FirstDifference(e[i], a[i], $"{path}[{i}]");
                    }
                }

                break;
        }

        return $"{path}: expected {expected?.ToJsonString() ?? "(absent)"}, got {actual?.ToJsonString() ?? "(absent)"}";
    }
}
