using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Orchestrator.Model.Tests;

/// <summary>Builds JSON documents for tests from JSON or YAML text and compares them.</summary>
internal static partial class Documents
{
    public static JsonNode? Json(string json) => JsonNode.Parse(json);

    public static JsonObject Object(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>YAML as Kubernetes' test fixtures use it: plain integers, booleans and null keep their types.</summary>
    public static JsonNode? Yaml(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    public static JsonObject YamlObject(string yaml) => Yaml(yaml) as JsonObject ?? [];

    /// <summary>Asserts that two documents are equal, member order included, showing both on failure.</summary>
    public static void AssertEqual(JsonNode? expected, JsonNode? actual) =>
        Assert.Equal(expected?.ToJsonString() ?? "null", actual?.ToJsonString() ?? "null");

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value!, Convert(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null")
        {
            return null;
        }

        if (text is "true" or "false")
        {
            return JsonValue.Create(text == "true");
        }

        if (IntegerRegex().IsMatch(text))
        {
            return JsonValue.Create(long.Parse(text, CultureInfo.InvariantCulture));
        }

        return JsonValue.Create(text);
    }

    [GeneratedRegex(@"^-?[0-9]+\z")]
    private static partial Regex IntegerRegex();
}
