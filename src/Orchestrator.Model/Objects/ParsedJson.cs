using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Model.Objects;

/// <summary>
/// A JSON document as Kubernetes' decoder reads it: a key repeated in one object keeps its last value
/// (Go's encoding/json), and every repetition is reported so that field validation can refuse it (Strict)
/// or warn about it (Warn). A document without repeated keys is parsed the fast way, by
/// <see cref="JsonNode.Parse(ReadOnlySpan{byte}, JsonNodeOptions?, JsonDocumentOptions)"/>.
/// </summary>
public sealed class ParsedJson
{
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };

    private readonly IReadOnlyDictionary<string, int>? _firstPositions;

    private ParsedJson(JsonNode? node, IReadOnlyList<DuplicateKey> duplicates, IReadOnlyDictionary<string, int>? firstPositions)
    {
        Node = node;
        Duplicates = duplicates;
        _firstPositions = firstPositions;
    }

    /// <summary>The document; null for the JSON literal null.</summary>
    public JsonNode? Node { get; }

    /// <summary>Every repeated key in document order; empty for most documents.</summary>
    public IReadOnlyList<DuplicateKey> Duplicates { get; }

    /// <summary>
    /// Parses UTF-8 JSON (no comments, no trailing commas, at most <paramref name="maxDepth"/> levels);
    /// throws <see cref="JsonException"/> when it is not JSON.
    /// </summary>
    public static ParsedJson Parse(ReadOnlyMemory<byte> utf8, int maxDepth)
    {
        var strict = new JsonDocumentOptions { MaxDepth = maxDepth, AllowDuplicateProperties = false };
        try
        {
            return new ParsedJson(JsonNode.Parse(utf8.Span, NodeOptions, strict), [], null);
        }
        catch (JsonException)
        {
            // Not JSON, or JSON with a repeated key: the slow reader below tells which, and throws for the former.
        }

        return new Reader(utf8, maxDepth).Read();
    }

    /// <summary>
    /// Where the first occurrence of the field at <paramref name="path"/> stands among the document's keys,
    /// for ordering other findings (unknown fields) among the duplicates; null when unknown or not tracked.
    /// </summary>
    public int? FirstPositionOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _firstPositions is not null && _firstPositions.TryGetValue(path, out var position) ? position : null;
    }

    /// <summary>A reader over the document that builds the tree key by key, keeping the last of repeated keys.</summary>
    private sealed class Reader(ReadOnlyMemory<byte> utf8, int maxDepth)
    {
        private readonly List<DuplicateKey> _duplicates = [];
        private readonly Dictionary<string, int> _firstPositions = new(StringComparer.Ordinal);
        private int _position;
        private int _line = 1;
        private int _lineScannedTo;

        public ParsedJson Read()
        {
            var reader = new Utf8JsonReader(utf8.Span, new JsonReaderOptions
            {
                MaxDepth = maxDepth,
                CommentHandling = JsonCommentHandling.Disallow,
                AllowTrailingCommas = false,
            });
            if (!reader.Read())
            {
                throw new JsonException("The input does not contain any JSON tokens.");
            }

            var node = Value(ref reader, new StringBuilder());
            if (reader.Read())
            {
                // Unreachable in practice: the reader itself throws on anything after the single value.
                throw new JsonException("'" + reader.TokenType + "' is invalid after a single JSON value.");
            }

            return new ParsedJson(node, _duplicates, _firstPositions);
        }

        private JsonNode? Value(ref Utf8JsonReader reader, StringBuilder path)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    var obj = new JsonObject(NodeOptions);
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var key = reader.GetString()!;
                        var length = path.Length;
                        if (length > 0)
                        {
                            path.Append('.');
                        }

                        path.Append(key);
                        var at = path.ToString();
                        var position = _position++;
                        if (seen.Add(key))
                        {
                            _firstPositions.TryAdd(at, position);
                        }
                        else
                        {
                            _duplicates.Add(new DuplicateKey(at, key, LineAt(reader.TokenStartIndex), position));
                        }

                        reader.Read();
                        obj[key] = Value(ref reader, path); // a repeated key: the last value wins, in the first one's place
                        path.Length = length;
                    }

                    return obj;
                case JsonTokenType.StartArray:
                    var array = new JsonArray(NodeOptions);
                    var index = 0;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var length = path.Length;
                        path.Append('[').Append(index++.ToString(CultureInfo.InvariantCulture)).Append(']');
                        array.Add(Value(ref reader, path));
                        path.Length = length;
                    }

                    return array;
                case JsonTokenType.String:
                    return JsonValue.Create(reader.GetString()!, NodeOptions);
                case JsonTokenType.Number:
                    // Kept as written (1e400, 0.5, 12345678901234567890): quantities and big numbers depend on it.
                    return JsonNode.Parse(ref reader, NodeOptions);
                case JsonTokenType.True:
                    return JsonValue.Create(true, NodeOptions);
                case JsonTokenType.False:
                    return JsonValue.Create(false, NodeOptions);
                case JsonTokenType.Null:
                    return null;
                default:
                    throw new JsonException($"unexpected {reader.TokenType}");
            }
        }

        private int LineAt(long index)
        {
            var span = utf8.Span;
            for (; _lineScannedTo < index; _lineScannedTo++)
            {
                if (span[_lineScannedTo] == (byte)'\n')
                {
                    _line++;
                }
            }

            return _line;
        }
    }
}
