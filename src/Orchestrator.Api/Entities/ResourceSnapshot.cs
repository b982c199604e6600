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

    private readonly int _objectStart;
    private readonly int _metadataOpen;

    private ResourceSnapshot(byte[] payload, int objectStart, int metadataOpen, JsonObject obj, ResourceType type)
    {
        Payload = payload;
        _objectStart = objectStart;
        _metadataOpen = metadataOpen;
        Namespace = KubeObject.Namespace(obj) ?? "";
        Name = KubeObject.Name(obj) ?? "";
        Uid = KubeObject.Uid(obj) ?? "";
        Labels = KubeObject.Labels(obj);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in type.AllSelectableFields)
        {
            fields[field] = type.Strategy.GetSelectableField(obj, field);
        }

        Fields = fields;
        Deleting = KubeObject.DeletionTimestamp(obj) is not null;
    }

    /// <summary>The event's stored form: <c>{"Object":<i>the object without its resourceVersion</i>}</c>.</summary>
    public byte[] Payload { get; }

    public string Namespace { get; }

    public string Name { get; }

    public string Uid { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public IReadOnlyDictionary<string, string> Fields { get; }

    public bool Deleting { get; }

    /// <summary>Serializes <paramref name="obj"/> (leaving out metadata.resourceVersion) and notes what the cache needs.</summary>
    public static ResourceSnapshot Of(ResourceType type, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        var buffer = new ArrayBufferWriter<byte>(2048);
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

        return new ResourceSnapshot(buffer.WrittenSpan.ToArray(), objectStart, metadataOpen, obj, type);
    }

    /// <summary>The object's JSON with <c>metadata.resourceVersion</c> set to <paramref name="revision"/>.</summary>
    public byte[] JsonAt(long revision)
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
    public CachedObject ToCached(long revision) => new(Namespace, Name, Uid, revision, JsonAt(revision), Labels, Fields, Deleting);

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
