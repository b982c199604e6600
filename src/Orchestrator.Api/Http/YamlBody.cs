using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Orchestrator.Api.Errors;
using Orchestrator.Model.Objects;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Orchestrator.Api.Http;

/// <summary>
/// A YAML request body (an apply configuration as a user writes it) turned into the JSON tree every
/// handler works on. Plain scalars take JSON's types as Kubernetes' YAML reader gives them; quoted ones stay strings.
/// A key repeated in one mapping keeps its last value, as Kubernetes' non-strict reader does, and is
/// reported with its line so that field validation can refuse it (Strict) or warn about it (Warn).
/// </summary>
public static partial class YamlBody
{
    /// <summary>Aliases let a small document expand without bound (a "billion laughs"): the JSON may hold at most this many values.</summary>
    private const int MaxNodes = 200_000;

    private const int MaxDepth = 100;

    public static JsonNode Parse(byte[] bytes) => ParseDocument(bytes).Node;

    /// <summary>The document and the keys it repeats, in document order.</summary>
    public static (JsonNode Node, IReadOnlyList<DuplicateKey> Duplicates) ParseDocument(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var builder = new Builder();
        JsonNode? root;
        var documents = 0;
        try
        {
            using var reader = new StringReader(Encoding.UTF8.GetString(bytes));
            var parser = new Parser(reader);
            parser.Consume<StreamStart>();
            root = null;
            while (parser.TryConsume<DocumentStart>(out _))
            {
                if (++documents == 1)
                {
                    root = builder.Node(parser, new StringBuilder(), depth: 0, out _);
                }
                else
                {
                    parser.SkipThisAndNestedEvents();
                }

                parser.Consume<DocumentEnd>();
            }

            parser.Consume<StreamEnd>();
        }
        catch (Exception e) when (e is YamlException or ArgumentException or InvalidOperationException)
        {
            throw StatusException.BadRequest($"the request body is not valid YAML: {e.Message}");
        }

        if (documents != 1)
        {
            throw StatusException.BadRequest($"the request body must hold one YAML document, not {documents}");
        }

        return (root ?? throw StatusException.BadRequest("the request body is null"), builder.Duplicates);
    }

    /// <summary>Builds the JSON tree from the parser's events, expanding aliases within the budget.</summary>
    private sealed class Builder
    {
        private readonly Dictionary<string, (JsonNode? Node, int Size)> _anchors = new(StringComparer.Ordinal);
        private int _budget = MaxNodes;
        private int _position;

        public List<DuplicateKey> Duplicates { get; } = [];

        public JsonNode? Node(IParser parser, StringBuilder path, int depth, out int size)
        {
            if (depth > MaxDepth)
            {
                throw StatusException.BadRequest("the request body nests too deeply");
            }

            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
                {
                    throw StatusException.BadRequest($"the request body is not valid YAML: unknown anchor '{alias.Value.Value}' referenced");
                }

                Spend(anchored.Size);
                size = anchored.Size;
                return anchored.Node?.DeepClone();
            }

            Spend(1);
            size = 1;
            JsonNode? node;
            AnchorName anchor;
            if (parser.TryConsume<Scalar>(out var scalar))
            {
                node = Scalar(scalar);
                anchor = scalar.Anchor;
            }
            else if (parser.TryConsume<MappingStart>(out var mappingStart))
            {
                var obj = new JsonObject();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    if (!parser.TryConsume<Scalar>(out var key))
                    {
                        throw StatusException.BadRequest("the request body has a mapping key that is not a string");
                    }

                    var length = path.Length;
                    if (length > 0)
                    {
                        path.Append('.');
                    }

                    path.Append(key.Value);
                    var position = _position++;
                    if (!seen.Add(key.Value))
                    {
                        Duplicates.Add(new DuplicateKey(path.ToString(), key.Value, (int)key.Start.Line, position));
                    }

                    obj[key.Value] = Node(parser, path, depth + 1, out var valueSize); // a repeated key: the last value wins
                    size += valueSize;
                    path.Length = length;
                }

                node = obj;
                anchor = mappingStart.Anchor;
            }
            else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
            {
                var array = new JsonArray();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    var length = path.Length;
                    path.Append('[').Append(array.Count.ToString(CultureInfo.InvariantCulture)).Append(']');
                    array.Add(Node(parser, path, depth + 1, out var itemSize));
                    size += itemSize;
                    path.Length = length;
                }

                node = array;
                anchor = sequenceStart.Anchor;
            }
            else
            {
                throw StatusException.BadRequest("the request body holds a YAML node that JSON cannot represent");
            }

            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = (node, size);
            }

            return node;
        }

        private void Spend(int nodes)
        {
            _budget -= nodes;
            if (_budget < 0)
            {
                throw StatusException.BadRequest($"the request body expands to more than {MaxNodes} values");
            }
        }
    }

    private static JsonValue? Scalar(Scalar scalar)
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

        // Beyond a double's range (1e400) Kubernetes' YAML reader keeps the text: a string, not infinity.
        if (Float().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
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
