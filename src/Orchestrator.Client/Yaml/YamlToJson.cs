using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Orchestrator.Client.Yaml;

/// <summary>
/// Reads YAML (or JSON, which is YAML) into <see cref="JsonNode"/>s, as Kubernetes tooling does: a manifest or
/// kubeconfig is converted to JSON first, then decoded. Anchors, aliases and merge keys (&lt;&lt;) are resolved;
/// a repeated key keeps its last value, and keys a merge brings in never override the mapping's own.
/// </summary>
public static class YamlToJson
{
    private const string StringTag = "tag:yaml.org,2002:str";
    private const string MergeKey = "<<";

    /// <summary>Every document of a stream (separated by ---); an empty document is a null entry.</summary>
    /// <exception cref="YamlException">The text is not valid YAML.</exception>
    public static IReadOnlyList<JsonNode?> ParseDocuments(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        using var reader = new StringReader(yaml);
        var parser = new Parser(reader);
        var documents = new List<JsonNode?>();
        parser.Consume<StreamStart>();
        while (parser.TryConsume<DocumentStart>(out _))
        {
            // Anchors are scoped to their document.
            documents.Add(ReadNode(parser, new Dictionary<string, JsonNode?>(StringComparer.Ordinal)));
            parser.Consume<DocumentEnd>();
        }

        parser.Consume<StreamEnd>();
        return documents;
    }

    /// <summary>The single document of <paramref name="yaml"/>; null when it is empty.</summary>
    /// <exception cref="YamlException">The text is not valid YAML or holds more than one document.</exception>
    public static JsonNode? Parse(string yaml)
    {
        var documents = ParseDocuments(yaml);
        return documents.Count switch
        {
            0 => null,
            1 => documents[0],
            _ => throw new YamlException($"expected one YAML document, found {documents.Count}"),
        };
    }

    private static JsonNode? ReadNode(IParser parser, Dictionary<string, JsonNode?> anchors)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            // A JSON node has one parent, so each use of an anchor gets its own copy.
            return anchors.TryGetValue(alias.Value.Value, out var target)
                ? target?.DeepClone()
                : throw new YamlException(alias.Start, alias.End, $"unknown anchor *{alias.Value.Value}");
        }

        JsonNode? node;
        NodeEvent start;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            start = scalar;
            node = ConvertScalar(scalar);
        }
        else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            start = sequenceStart;
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                array.Add(ReadNode(parser, anchors));
            }

            node = array;
        }
        else if (parser.TryConsume<MappingStart>(out var mappingStart))
        {
            start = mappingStart;
            node = ReadMapping(parser, anchors);
        }
        else
        {
            throw new YamlException(parser.Current?.Start ?? Mark.Empty, parser.Current?.End ?? Mark.Empty, "expected a YAML node");
        }

        if (!start.Anchor.IsEmpty)
        {
            anchors[start.Anchor.Value] = node;
        }

        return node;
    }

    private static JsonObject ReadMapping(IParser parser, Dictionary<string, JsonNode?> anchors)
    {
        var obj = new JsonObject();
        var merged = new List<JsonObject>();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyEvent = parser.Current;
            if (ReadNode(parser, anchors) is not JsonValue keyValue)
            {
                throw new YamlException(keyEvent?.Start ?? Mark.Empty, keyEvent?.End ?? Mark.Empty, "mapping keys must be scalars");
            }

            var key = keyValue.GetValueKind() == System.Text.Json.JsonValueKind.String ? keyValue.GetValue<string>() : keyValue.ToJsonString();
            var value = ReadNode(parser, anchors);
            if (key == MergeKey && keyEvent is Scalar { Style: ScalarStyle.Plain })
            {
                merged.AddRange(value switch
                {
                    JsonObject one => [one],
                    JsonArray many when many.All(m => m is JsonObject) => many.Cast<JsonObject>(),
                    _ => throw new YamlException(keyEvent.Start, keyEvent.End, "a merge key (<<) needs a mapping or a list of mappings"),
                });
                continue;
            }

            obj[key] = value;
        }

        // The mapping's own keys win, then earlier merge sources over later ones.
        foreach (var source in merged)
        {
            foreach (var (key, value) in source)
            {
                if (!obj.ContainsKey(key))
                {
                    obj[key] = value?.DeepClone();
                }
            }
        }

        return obj;
    }

    private static JsonNode? ConvertScalar(Scalar scalar)
    {
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (tag == StringTag)
        {
            return JsonValue.Create(scalar.Value);
        }

        // Quoted and block scalars are strings unless a tag says otherwise; only plain ones are resolved.
        return scalar.Style is ScalarStyle.Plain or ScalarStyle.Any || (tag is not null && tag != "!")
            ? YamlScalars.Resolve(scalar.Value)
            : JsonValue.Create(scalar.Value);
    }
}
