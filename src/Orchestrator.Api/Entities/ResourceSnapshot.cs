using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Watch;
using Orchestrator.Model.Objects;

namespace Orchestrator.Api.Entities;

/// <summary>
/// An object as one write leaves it, serialized once: the event payload the journal stores
/// (<c>{"Object":…}</c>, as System.Text.Json writes the event record), and what the watch cache needs
/// besides (labels, selectable fields). The resourceVersion is not in the bytes, since the journal
/// assigns it at commit; <see cref="JsonAt"/> splices it in. Immutable, so the entity hands it to the
/// watch cache through the journal's live feed and the cache never parses the JSON again.
/// </summary>
public sealed class ResourceSnapshot
{
    private static readonly byte[] ObjectProperty = "Object"u8.ToArray();
    private static readonly byte[] Prefix = "{\"Object\":"u8.ToArray();

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    private readonly int _objectStart;
    private readonly int _metadataOpen;
    private readonly ResourceType _type;
    private readonly string[] _fieldValues;

    /// <summary>The last <see cref="JsonAt"/>: the entity's reply and the watch cache's entry are the same array.</summary>
    private Rendered? _rendered;

    private ResourceSnapshot(byte[] payload, int objectStart, int metadataOpen, JsonObject obj, ResourceType type)
    {
        Payload = payload;
        _objectStart = objectStart;
        _metadataOpen = metadataOpen;
        _type = type;
        Namespace = KubeObject.Namespace(obj) ?? "";
        Name = KubeObject.Name(obj) ?? "";
        Uid = KubeObject.Uid(obj) ?? "";
        var labels = KubeObject.Labels(obj);
        Labels = labels.Count == 0 ? CompactStringDictionary.Empty : CompactStringDictionary.Of(labels);
        var fields = type.SelectableFields;
        var values = new string[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            values[i] = type.Strategy.GetSelectableField(obj, fields[i]);
        }

        _fieldValues = values;

        Deleting = KubeObject.DeletionTimestamp(obj) is not null;
    }

    /// <summary>The event's stored form: <c>{"Object":<i>the object without its resourceVersion</i>}</c>.</summary>
    public byte[] Payload { get; }

    public string Namespace { get; }

    public string Name { get; }

    public string Uid { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>The values of the type's own selectable fields (<see cref="ResourceType.SelectableFields"/>), in order.</summary>
    public IReadOnlyList<string> FieldValues => _fieldValues;

    public bool Deleting { get; }

    /// <summary>Serializes <paramref name="obj"/> (leaving out metadata.resourceVersion) and notes what the cache needs.</summary>
    public static ResourceSnapshot Of(ResourceType type, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        // A buffer per thread, reused: the snapshot keeps only the exact-size copy.
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        buffer.ResetWrittenCount();
        int objectStart;
        var metadataOpen = -1;
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName(ObjectProperty);
            writer.Flush();
            objectStart = (int)writer.BytesCommitted;
            writer.WriteStartObject();
            foreach (var (name, value) in obj)
            {
                writer.WritePropertyName(name);
                if (name == "metadata" && value is JsonObject metadata)
                {
                    writer.WriteStartObject();
                    writer.Flush();
                    metadataOpen = (int)writer.BytesCommitted;
                    foreach (var (field, fieldValue) in metadata)
                    {
                        if (field != "resourceVersion")
                        {
                            writer.WritePropertyName(field);
                            Write(writer, fieldValue);
                        }
                    }

                    writer.WriteEndObject();
                }
                else
                {
                    Write(writer, value);
                }
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        var payload = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 1024 * 1024)
        {
            _buffer = null; // don't keep a huge buffer alive after one huge object
        }

        return new ResourceSnapshot(payload, objectStart, metadataOpen, obj, type);
    }

    /// <summary>
    /// The snapshot of <paramref name="obj"/> whose compact JSON <paramref name="json"/> is at hand (what the write
    /// path sends an entity to create), without serializing it again: the payload wraps the bytes as they are.
    /// Null when they are not in that form (not an object, metadata not an object or holding a resourceVersion,
    /// whitespace after its brace); then <see cref="Of"/> serializes the tree.
    /// </summary>
    public static ResourceSnapshot? FromJson(ResourceType type, byte[] json, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(obj);
        if (MetadataOpen(json) is not { } open)
        {
            return null;
        }

        var payload = new byte[Prefix.Length + json.Length + 1];
        Prefix.CopyTo(payload, 0);
        json.CopyTo(payload, Prefix.Length);
        payload[^1] = (byte)'}';
        return new ResourceSnapshot(payload, Prefix.Length, Prefix.Length + open, obj, type);
    }

    /// <summary>
    /// The snapshot of a stored event's <paramref name="payload"/> (<c>{"Object":…}</c>) and its parsed object, as a
    /// recovering entity has them, without serializing the object again: the payload is kept as it is. Null when
    /// the bytes are not in the form <see cref="FromJson"/> takes; then <see cref="Of"/> serializes the tree.
    /// </summary>
    public static ResourceSnapshot? FromPayload(ResourceType type, byte[] payload, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(obj);
        if (payload.Length < Prefix.Length + 2 || !payload.AsSpan().StartsWith(Prefix) || payload[^1] != (byte)'}'
            || MetadataOpen(payload.AsSpan(Prefix.Length, payload.Length - Prefix.Length - 1)) is not { } open)
        {
            return null;
        }

        return new ResourceSnapshot(payload, Prefix.Length, Prefix.Length + open, obj, type);
    }

    /// <summary>Where metadata's members begin in <paramref name="json"/> (just past its brace), if it is in the form <see cref="FromJson"/> takes.</summary>
    private static int? MetadataOpen(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            int? open = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMetadata = reader.ValueTextEquals("metadata"u8);
                reader.Read();
                if (!isMetadata || open is not null)
                {
                    if (isMetadata)
                    {
                        return null; // a duplicate: leave it to the tree
                    }

                    reader.Skip();
                    continue;
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }

                var start = (int)reader.TokenStartIndex + 1;
                if (start >= json.Length || json[start] is not ((byte)'"' or (byte)'}'))
                {
                    return null;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("resourceVersion"u8))
                    {
                        return null;
                    }

                    reader.Read();
                    reader.Skip();
                }

                open = start;
            }

            return reader.TokenType == JsonTokenType.EndObject && reader.BytesConsumed == json.Length ? open : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The object's JSON with <c>metadata.resourceVersion</c> set to <paramref name="revision"/>.</summary>
    public byte[] JsonAt(long revision)
    {
        // Immutable once made, so whoever asks for the same revision shares it (entity and cache threads alike).
        if (Volatile.Read(ref _rendered) is { } rendered && rendered.Revision == revision)
        {
            return rendered.Json;
        }

        var json = Render(revision);
        Volatile.Write(ref _rendered, new Rendered(revision, json));
        return json;
    }

    private byte[] Render(long revision)
    {
        var objectEnd = Payload.Length - 1; // the wrapper's closing brace
        if (_metadataOpen < 0)
        {
            var obj = JsonNode.Parse(Payload.AsSpan(_objectStart, objectEnd - _objectStart))!.AsObject();
            KubeObject.Metadata(obj)["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture);
            return JsonBytes.From(obj);
        }

        var empty = Payload[_metadataOpen] == (byte)'}';
        var field = Encoding.UTF8.GetBytes("\"resourceVersion\":\"" + revision.ToString(CultureInfo.InvariantCulture) + (empty ? "\"" : "\","));
        var json = new byte[objectEnd - _objectStart + field.Length];
        var head = _metadataOpen - _objectStart;
        Payload.AsSpan(_objectStart, head).CopyTo(json);
        field.CopyTo(json, head);
        Payload.AsSpan(_metadataOpen, objectEnd - _metadataOpen).CopyTo(json.AsSpan(head + field.Length));
        return json;
    }

    /// <summary>The object as the watch cache holds it at <paramref name="revision"/>.</summary>
    public CachedObject ToCached(long revision) => ToCached(revision, null);

    /// <summary>The object as the watch cache holds it, its namespace, labels and field values shared through <paramref name="interner"/>.</summary>
    internal CachedObject ToCached(long revision, CacheInterner? interner)
    {
        var values = (string[])_fieldValues.Clone();
        return interner is null
            ? new CachedObject(Namespace, Name, revision, JsonAt(revision), Labels, _type.SelectableFields, values, Deleting)
            : new CachedObject(interner.Intern(Namespace), Name, revision, JsonAt(revision), interner.Intern(Labels), _type.SelectableFields, interner.Intern(values), Deleting);
    }

    private sealed record Rendered(long Revision, byte[] Json);

    private static void Write(Utf8JsonWriter writer, JsonNode? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }
    }
}
