using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Orchestrator.Api.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Orchestrator.Api.Http;

/// <summary>
/// A YAML request body (an apply configuration as a user writes it) turned into the JSON tree every
/// handler works on. Plain scalars take JSON's types as Kubernetes' YAML reader gives them; quoted ones stay strings.
/// </summary>
public static partial class YamlBody
{
    /// <summary>Aliases let a small document expand without bound (a "billion laughs"): the JSON may hold at most this many values.</summary>
    private const int MaxNodes = 200_000;

    public static JsonNode Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(Encoding.UTF8.GetString(bytes));
            stream.Load(reader);
        }
        catch (Exception e) when (e is YamlException or ArgumentException or InvalidOperationException)
        {
            throw StatusException.BadRequest($"the request body is not valid YAML: {e.Message}");
        }

        if (stream.Documents.Count != 1)
        {
            throw StatusException.BadRequest($"the request body must hold one YAML document, not {stream.Documents.Count}");
        }

        var budget = MaxNodes;
        return Convert(stream.Documents[0].RootNode, depth: 0, ref budget) ?? throw StatusException.BadRequest("the request body is null");
    }

    private static JsonNode? Convert(YamlNode node, int depth, ref int budget)
    {
        if (depth > 100)
        {
            throw StatusException.BadRequest("the request body nests too deeply");
        }

        if (--budget < 0)
        {
            throw StatusException.BadRequest($"the request body expands to more than {MaxNodes} values");
        }

        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        throw StatusException.BadRequest("the request body has a mapping key that is not a string");
                    }

                    obj[name] = Convert(value, depth + 1, ref budget);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(Convert(item, depth + 1, ref budget));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw StatusException.BadRequest("the request body holds a YAML node that JSON cannot represent");
        }
    }

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(text.Equals("true", StringComparison.OrdinalIgnoreCase));
        }

        if (Integer().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (Float().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
