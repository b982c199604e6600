using System.Text.Json.Nodes;
using Orchestrator.Client.Yaml;
using Xunit;

namespace Orchestrator.Client.Tests.Yaml;

public sealed class YamlConversionTests
{
    [Fact]
    public void Plain_scalars_resolve_by_the_core_schema_and_quoted_ones_stay_strings()
    {
        var json = YamlToJson.Parse("""
            int: 42
            negative: -7
            big: 123456789012345678901234567890
            hex: 0x1F
            float: 1.5
            yes: true
            no: False
            nothing: ~
            empty:
            quoted: "42"
            single: 'true'
            word: yes
            version: 1.0.0
            block: |
              line one
              line two
            tagged: !!str 12
            """)!;

        var expected = JsonNode.Parse("""
            {"int":42,"negative":-7,"big":123456789012345678901234567890,"hex":31,"float":1.5,"yes":true,"no":false,
             "nothing":null,"empty":null,"quoted":"42","single":"true","word":"yes","version":"1.0.0",
             "block":"line one\nline two\n","tagged":"12"}
            """);
        Assert.True(JsonNode.DeepEquals(expected, json), json.ToJsonString());
    }

    [Fact]
    public void Anchors_aliases_and_merge_keys_are_resolved()
    {
        var json = YamlToJson.Parse("""
            base: &base {cpu: 100m, memory: 64Mi}
            copy: *base
            merged:
              <<: *base
              memory: 128Mi
            """)!;

        Assert.Equal("100m", json["copy"]!["cpu"]!.GetValue<string>());
        Assert.Equal("100m", json["merged"]!["cpu"]!.GetValue<string>());
        Assert.Equal("128Mi", json["merged"]!["memory"]!.GetValue<string>());
    }

    [Fact]
    public void A_repeated_key_keeps_its_last_value()
    {
        var json = YamlToJson.Parse("a: 1\nb: 2\na: 3\n")!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":3,"b":2}"""), json), json.ToJsonString());
    }

    [Fact]
    public void A_stream_holds_several_documents()
    {
        var documents = YamlToJson.ParseDocuments("""
            kind: Namespace
            ---
            kind: Pod
            spec: {containers: [{name: c, args: ["a", 1]}]}
            """);

        Assert.Equal(["Namespace", "Pod"], documents.Select(d => d!["kind"]!.GetValue<string>()));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["a",1]"""), documents[1]!["spec"]!["containers"]![0]!["args"]));
        Assert.Throws<YamlDotNet.Core.YamlException>(() => YamlToJson.Parse("a: 1\n---\nb: 2\n"));
    }

    [Fact]
    public void Json_is_read_as_yaml()
    {
        var json = YamlToJson.Parse("""{"a": [1, "two", {"b": null}], "c": true}""");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":[1,"two",{"b":null}],"c":true}"""), json));
    }

    [Fact]
    public void Written_yaml_reads_back_as_the_same_json_even_for_strings_that_look_like_other_types()
    {
        var original = JsonNode.Parse("""
            {"strings":["true","no","Yes","on","~","null","","42","0x1F","1e3","-.inf","1.0.0","a: b","- x","#c","multi\nline","tab\there","ünïcödé"],
             "numbers":[0,-3,2.5,12345678901234567890],"flags":[true,false],"nothing":null,
             "empty":{},"none":[],"nested":{"list":[{"k":"v"},[1,[2]]]}}
            """);

        var yaml = JsonToYaml.Serialize(original);
        var back = YamlToJson.Parse(yaml);

        Assert.True(JsonNode.DeepEquals(original, back), yaml);
        Assert.Contains("empty: {}", yaml, StringComparison.Ordinal);
        Assert.Contains("none: []", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_values_stay_on_one_line()
    {
        var sentence = string.Join(' ', Enumerable.Repeat("word", 100));

        var yaml = JsonToYaml.Serialize(new JsonObject { ["text"] = sentence });

        Assert.Equal($"text: {sentence}", yaml.TrimEnd());
    }
}
