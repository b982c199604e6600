using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Schema;
using Orchestrator.Model.Schema.Validation;
using Xunit;

namespace Orchestrator.Model.Tests.Objects;

public class ParsedJsonTests
{
    [Fact]
    public void A_document_without_repeated_keys_parses_as_it_is()
    {
        var parsed = Parse("""{"a":{"b":[1,{"c":"d"}]},"e":null}""");
        Assert.Empty(parsed.Duplicates);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":{"b":[1,{"c":"d"}]},"e":null}"""), parsed.Node));
    }

    [Fact]
    public void A_repeated_key_keeps_its_last_value_in_its_first_place_and_is_reported_where_it_repeats()
    {
        var parsed = Parse("""
            {
              "metadata": {"name": "first", "labels": {"app": "a"}, "name": "second"},
              "items": [{"x": 1}, {"x": 2, "y": true, "x": 3}],
              "n": 1e400,
              "n": 0.5
            }
            """);

        Assert.Equal("""{"metadata":{"name":"second","labels":{"app":"a"}},"items":[{"x":1},{"x":3,"y":true}],"n":0.5}""", parsed.Node!.ToJsonString());
        Assert.Equal(
            [("metadata.name", "name", 2), ("items[1].x", "x", 3), ("n", "n", 5)],
            parsed.Duplicates.Select(d => (d.Path, d.Key, d.Line)));
        Assert.Equal("duplicate field \"items[1].x\"", parsed.Duplicates[1].FieldMessage);
        Assert.True(parsed.Duplicates[0].Position < parsed.Duplicates[1].Position);
    }

    [Fact]
    public void Numbers_keep_their_text_when_keys_repeat()
    {
        var parsed = Parse("""{"q":1,"q":1e400,"big":123456789012345678901234567890}""");
        Assert.Equal("""{"q":1e400,"big":123456789012345678901234567890}""", parsed.Node!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"a":1,"a":2""")]
    [InlineData("""{"a":1,"a":2}x""")]
    [InlineData("""{"a":1,"a":2,}""")]
    [InlineData("""{"a":1,"a":/* no */2}""")]
    [InlineData("")]
    public void What_is_not_JSON_is_still_refused(string text)
    {
        Assert.ThrowsAny<JsonException>(() => Parse(text));
    }

    [Fact]
    public void Repeated_keys_nest_no_deeper_than_allowed()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 20)) + "1" + new string('}', 20);
        Assert.ThrowsAny<JsonException>(() => ParsedJson.Parse(Encoding.UTF8.GetBytes("{\"k\":1,\"k\":" + deep + "}"), maxDepth: 10));
    }

    [Fact]
    public void Strict_decoding_reports_unknown_and_repeated_fields_in_document_order_as_Kubernetes_does()
    {
        // A field both unknown and repeated counts as unknown only, once; repeats inside unknown fields are not looked at.
        var parsed = Parse("""
            {
              "apiVersion": "apps/v1",
              "kind": "Deployment",
              "metadata": {"name": "web", "name": "web2", "labels": {"app": "web"}, "colour": "blue"},
              "spec": {
                "extra": {"z": 1, "z": 2},
                "twice": 1,
                "twice": 2,
                "replicas": 1,
                "replicas": 2,
                "selector": {"matchLabels": {"app": "web"}},
                "template": {
                  "metadata": {"labels": {"app": "web"}},
                  "spec": {"containers": [{"name": "web", "image": "nginx", "imagee": "x", "image": "nginx:2"}]}
                }
              }
            }
            """);
        var deployment = (JsonObject)parsed.Node!;
        var unknown = FieldValidator.UnknownFields(deployment, KubeSchema.Find("apps/v1", "Deployment")!);

        Assert.Equal(
            "strict decoding error: duplicate field \"metadata.name\", unknown field \"metadata.colour\", unknown field \"spec.extra\", "
            + "unknown field \"spec.twice\", duplicate field \"spec.replicas\", unknown field \"spec.template.spec.containers[0].imagee\", "
            + "duplicate field \"spec.template.spec.containers[0].image\"",
            FieldValidator.StrictDecodingMessage(FieldValidator.ObjectDecodingFindings(unknown, parsed)));

        // A patch: its repeated keys first, then the unknown fields.
        Assert.Equal(
            ["duplicate field \"metadata.name\"", "duplicate field \"spec.extra.z\"", "duplicate field \"spec.twice\"", "duplicate field \"spec.replicas\"",
             "duplicate field \"spec.template.spec.containers[0].image\"", "unknown field \"metadata.colour\"", "unknown field \"spec.extra\"",
             "unknown field \"spec.twice\"", "unknown field \"spec.template.spec.containers[0].imagee\""],
            FieldValidator.PatchDecodingFindings(unknown, parsed));
    }

    private static ParsedJson Parse(string text) => ParsedJson.Parse(Encoding.UTF8.GetBytes(text), maxDepth: 100);
}
