using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Model.Resources;
using Orchestrator.Model.Schema;

namespace Orchestrator.Model.Protobuf;

/// <summary>
/// Decodes a protobuf message into the JSON Kubernetes would show for it: Kubernetes reads the bytes
/// into its Go struct (gogo, proto2) and renders that with encoding/json, so a field's
/// <see cref="JsonPresence"/> decides whether it shows, a value field missing from the bytes shows as
/// its zero value, maps show with sorted keys, and Kubernetes' own types take their JSON form.
/// </summary>
internal static class ProtoDecoder
{
    // Messages nest only as deep as the schema does; embedded objects (RawExtension) could recurse.
    private const int MaxDepth = 100;

    public static JsonObject Decode(ReadOnlySpan<byte> data, MessageSchema message, int origin, int depth)
    {
        var json = new JsonObject();
        DecodeInto(data, message, json, origin, depth);
        return json;
    }

    /// <summary>Decodes into an existing object, after whatever it already holds (kind and apiVersion, say).</summary>
    public static void DecodeInto(ReadOnlySpan<byte> data, MessageSchema message, JsonObject json, int origin, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException($"protobuf messages nested deeper than {MaxDepth}");
        }

        var slots = new Dictionary<FieldSchema, FieldSlot>();
        var reader = new ProtoReader(data, origin);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            var field = message.FieldByNumber(number);
            if (field is null)
            {
                reader.Skip(number, wireType);
                continue;
            }

            if (!slots.TryGetValue(field, out var slot))
            {
                slot = new FieldSlot();
                slots.Add(field, slot);
            }

            Read(ref reader, origin, message, field, wireType, slot, depth);
        }

        foreach (var field in message.Fields)
        {
            Render(data, origin, field, slots.GetValueOrDefault(field), json, depth);
        }
    }

    private static void Read(ref ProtoReader reader, int origin, MessageSchema message, FieldSchema field, WireType wireType, FieldSlot slot, int depth)
    {
        var kind = field.Type.Kind;
        switch (field.Type.Shape)
        {
            case FieldShape.Single when IsScalar(kind):
                Expect(message, field, wireType, ScalarWireType(kind));
                slot.Value = ReadScalar(ref reader, kind);
                slot.Present = true;
                break;
            case FieldShape.Single:
                // A message field seen twice merges, as in Go: decoding the concatenation does that.
                Expect(message, field, wireType, WireType.LengthDelimited);
                reader.ReadLengthDelimited(out var start);
                slot.Segments.Add(new Range(start - origin, reader.Offset - origin));
                slot.Present = true;
                break;
            case FieldShape.List when wireType == WireType.LengthDelimited && IsPackable(kind):
                var packed = new ProtoReader(reader.ReadLengthDelimited(out var packedStart), packedStart);
                while (!packed.End)
                {
                    slot.List.Add(ReadScalar(ref packed, kind));
                }

                break;
            case FieldShape.List when IsScalar(kind):
                Expect(message, field, wireType, ScalarWireType(kind));
                slot.List.Add(ReadScalar(ref reader, kind));
                break;
            case FieldShape.List:
                Expect(message, field, wireType, WireType.LengthDelimited);
                slot.List.Add(DecodeValue(reader.ReadLengthDelimited(out var elementStart), field, elementStart, depth));
                break;
            default:
                Expect(message, field, wireType, WireType.LengthDelimited);
                var (key, value) = ReadMapEntry(reader.ReadLengthDelimited(out var entryStart), entryStart, message, field, depth);
                slot.Map ??= new SortedDictionary<string, JsonNode?>(Utf8Order.Instance);
                slot.Map[key] = value;
                break;
        }
    }

    private static (string Key, JsonNode? Value) ReadMapEntry(ReadOnlySpan<byte> entry, int origin, MessageSchema message, FieldSchema field, int depth)
    {
        var key = string.Empty;
        JsonNode? value = null;
        var hasValue = false;
        var reader = new ProtoReader(entry, origin);
        var kind = field.Type.Kind;
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            if (number == 1)
            {
                Expect(message, field, wireType, WireType.LengthDelimited);
                key = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
            }
            else if (number == 2 && IsScalar(kind))
            {
                Expect(message, field, wireType, ScalarWireType(kind));
                value = ReadScalar(ref reader, kind);
                hasValue = true;
            }
            else if (number == 2)
            {
                Expect(message, field, wireType, WireType.LengthDelimited);
                value = DecodeValue(reader.ReadLengthDelimited(out var start), field, start, depth);
                hasValue = true;
            }
            else
            {
                reader.Skip(number, wireType);
            }
        }

        return (key, hasValue ? value : ZeroValue(field, depth));
    }

    private static void Render(ReadOnlySpan<byte> data, int origin, FieldSchema field, FieldSlot? slot, JsonObject json, int depth)
    {
        if (field.IsInline)
        {
            // An embedded Go struct: its fields go straight into this object.
            var inlineOrigin = origin;
            var inline = slot is null ? [] : Merge(data, origin, slot.Segments, out inlineOrigin);
            DecodeInto(inline, field.Message, json, inlineOrigin, depth + 1);
            return;
        }

        var name = field.JsonName;
        var always = field.Presence == JsonPresence.Always;
        switch (field.Type.Shape)
        {
            case FieldShape.List:
                if (slot is { List.Count: > 0 })
                {
                    json[name] = new JsonArray([.. slot.List]);
                }
                else if (always)
                {
                    json[name] = null;
                }

                return;
            case FieldShape.Map:
                if (slot?.Map is { } map && (map.Count > 0 || always))
                {
                    json[name] = new JsonObject(map);
                }
                else if (always)
                {
                    json[name] = null;
                }

                return;
        }

        var kind = field.Type.Kind;
        var present = slot is { Present: true };
        if (field.Presence is (JsonPresence.WhenSet or JsonPresence.NullWhenUnset) && !present)
        {
            // An unset Go pointer.
            if (field.Presence == JsonPresence.NullWhenUnset)
            {
                json[name] = null;
            }

            return;
        }

        if (kind == FieldKind.Bytes)
        {
            if (present && (always || !IsZero(slot!.Value)))
            {
                json[name] = slot!.Value;
            }
            else if (always)
            {
                json[name] = null;
            }

            return;
        }

        if (IsScalar(kind))
        {
            var value = present ? slot!.Value : ZeroScalar(kind);
            if (field.Presence != JsonPresence.OmitEmpty || !IsZero(value))
            {
                json[name] = value;
            }

            return;
        }

        // Kubernetes' message-typed values: Go never omits a struct, so unset shows its zero value.
        json[name] = present
            ? DecodeValue(Merge(data, origin, slot!.Segments, out var valueOrigin), field, valueOrigin, depth)
            : ZeroValue(field, depth);
    }

    /// <summary>One element or value of a message-like kind, from its bytes.</summary>
    private static JsonNode? DecodeValue(ReadOnlySpan<byte> bytes, FieldSchema field, int origin, int depth)
    {
        switch (field.Type.Kind)
        {
            case FieldKind.Message:
                return Decode(bytes, field.Message, origin, depth + 1);
            case FieldKind.IntOrString:
                return DecodeIntOrString(bytes, origin);
            case FieldKind.Quantity:
                return DecodeQuantity(bytes, origin);
            case FieldKind.Time:
            case FieldKind.MicroTime:
                return DecodeTime(bytes, origin, field.Type.Kind == FieldKind.MicroTime);
            default:
                return DecodeEmbeddedJson(bytes, origin, depth);
        }
    }

    /// <summary>What Go shows for a message-like value that is not in the bytes.</summary>
    private static JsonNode? ZeroValue(FieldSchema field, int depth) => field.Type.Kind switch
    {
        FieldKind.Message => Decode([], field.Message, 0, depth + 1),
        FieldKind.IntOrString => JsonValue.Create(0),
        FieldKind.Quantity => JsonValue.Create("0"),
        FieldKind.String or FieldKind.Int32 or FieldKind.Int64 or FieldKind.Bool or FieldKind.Double => ZeroScalar(field.Type.Kind),
        FieldKind.Bytes => JsonValue.Create(string.Empty),
        _ => null,
    };

    // intstr.IntOrString {type=1 (0 int, 1 string), intVal=2, strVal=3}: a number or a string.
    private static JsonValue DecodeIntOrString(ReadOnlySpan<byte> bytes, int origin)
    {
        ulong type = 0;
        var intValue = 0;
        var stringValue = string.Empty;
        var reader = new ProtoReader(bytes, origin);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            switch (number)
            {
                case 1:
                    ExpectRaw("IntOrString.type", wireType, WireType.Varint);
                    type = reader.ReadVarint();
                    break;
                case 2:
                    ExpectRaw("IntOrString.intVal", wireType, WireType.Varint);
                    intValue = unchecked((int)reader.ReadVarint());
                    break;
                case 3:
                    ExpectRaw("IntOrString.strVal", wireType, WireType.LengthDelimited);
                    stringValue = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
                    break;
                default:
                    reader.Skip(number, wireType);
                    break;
            }
        }

        return type switch
        {
            0 => JsonValue.Create(intValue),
            1 => JsonValue.Create(stringValue),
            _ => throw new FormatException($"impossible IntOrString type {type} at byte {origin}"),
        };
    }

    // resource.Quantity {string=1}: Kubernetes parses it and shows its canonical form.
    private static JsonValue DecodeQuantity(ReadOnlySpan<byte> bytes, int origin)
    {
        var quantity = Quantity.Zero;
        var reader = new ProtoReader(bytes, origin);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            if (number == 1)
            {
                ExpectRaw("Quantity.string", wireType, WireType.LengthDelimited);
                quantity = Quantity.Parse(Encoding.UTF8.GetString(reader.ReadLengthDelimited()));
            }
            else
            {
                reader.Skip(number, wireType);
            }
        }

        return JsonValue.Create(quantity.ToString());
    }

    // meta/v1 Timestamp {int64 seconds=1, int32 nanos=2}; Time shows whole seconds, as Kubernetes keeps only those.
    private static JsonValue? DecodeTime(ReadOnlySpan<byte> bytes, int origin, bool micro)
    {
        if (bytes.IsEmpty)
        {
            return null;
        }

        long seconds = 0;
        var nanos = 0;
        var reader = new ProtoReader(bytes, origin);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            switch (number)
            {
                case 1:
                    ExpectRaw("Timestamp.seconds", wireType, WireType.Varint);
                    seconds = unchecked((long)reader.ReadVarint());
                    break;
                case 2:
                    ExpectRaw("Timestamp.nanos", wireType, WireType.Varint);
                    nanos = unchecked((int)reader.ReadVarint());
                    break;
                default:
                    reader.Skip(number, wireType);
                    break;
            }
        }

        if (!micro)
        {
            return seconds == KubeTime.ZeroSeconds ? null : JsonValue.Create(KubeTime.FormatTime(seconds));
        }

        return seconds == KubeTime.ZeroSeconds && nanos == 0 ? null : JsonValue.Create(KubeTime.FormatMicroTime(seconds, nanos));
    }

    // runtime.RawExtension / meta/v1 FieldsV1 {bytes raw=1}: the bytes are the JSON itself (or, for an
    // object a protobuf client embedded, a whole Kubernetes protobuf body, read with the served types).
    private static JsonNode? DecodeEmbeddedJson(ReadOnlySpan<byte> bytes, int origin, int depth)
    {
        ReadOnlySpan<byte> raw = default;
        var hasRaw = false;
        var reader = new ProtoReader(bytes, origin);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            if (number == 1)
            {
                ExpectRaw("RawExtension.raw", wireType, WireType.LengthDelimited);
                raw = reader.ReadLengthDelimited(out origin);
                hasRaw = true;
            }
            else
            {
                reader.Skip(number, wireType);
            }
        }

        if (!hasRaw)
        {
            return null;
        }

        if (raw.StartsWith(KubeProtobuf.Magic))
        {
            return KubeProtobuf.Decode(raw, KubeSchema.Default, depth + 1);
        }

        try
        {
            return JsonNode.Parse(raw);
        }
        catch (JsonException e)
        {
            throw new FormatException($"embedded object at byte {origin} is neither JSON nor Kubernetes protobuf: {e.Message}", e);
        }
    }

    private static JsonValue ReadScalar(ref ProtoReader reader, FieldKind kind) => kind switch
    {
        FieldKind.String => JsonValue.Create(Encoding.UTF8.GetString(reader.ReadLengthDelimited())),
        FieldKind.Bytes => JsonValue.Create(Convert.ToBase64String(reader.ReadLengthDelimited())),
        FieldKind.Int32 => JsonValue.Create(unchecked((int)reader.ReadVarint())),
        FieldKind.Int64 => JsonValue.Create(unchecked((long)reader.ReadVarint())),
        FieldKind.Bool => JsonValue.Create(reader.ReadVarint() != 0),
        _ => ReadDouble(ref reader),
    };

    private static JsonValue ReadDouble(ref ProtoReader reader)
    {
        var at = reader.Offset;
        var value = BitConverter.UInt64BitsToDouble(reader.ReadFixed64());
        return double.IsFinite(value)
            ? JsonValue.Create(value)
            : throw new FormatException($"double at byte {at} is {value}, which JSON cannot hold");
    }

    private static JsonValue ZeroScalar(FieldKind kind) => kind switch
    {
        FieldKind.String => JsonValue.Create(string.Empty),
        FieldKind.Int32 => JsonValue.Create(0),
        FieldKind.Int64 => JsonValue.Create(0L),
        FieldKind.Bool => JsonValue.Create(false),
        _ => JsonValue.Create(0.0),
    };

    private static bool IsZero(JsonNode? value) => value is not JsonValue v || v.GetValueKind() switch
    {
        JsonValueKind.String => v.GetValue<string>().Length == 0,
        JsonValueKind.False => true,
        JsonValueKind.Number => v.TryGetValue<int>(out var i) ? i == 0 : v.TryGetValue<long>(out var l) ? l == 0 : v.GetValue<double>() == 0,
        _ => false,
    };

    private static bool IsScalar(FieldKind kind) => kind <= FieldKind.Bytes;

    private static bool IsPackable(FieldKind kind) => kind is FieldKind.Int32 or FieldKind.Int64 or FieldKind.Bool or FieldKind.Double;

    private static WireType ScalarWireType(FieldKind kind) => kind switch
    {
        FieldKind.String or FieldKind.Bytes => WireType.LengthDelimited,
        FieldKind.Double => WireType.Fixed64,
        _ => WireType.Varint,
    };

    private static void Expect(MessageSchema message, FieldSchema field, WireType actual, WireType expected)
    {
        if (actual != expected)
        {
            throw new FormatException($"wrong wire type {(int)actual} ({actual}) for field {message.Name}.{(field.IsInline ? field.Type.MessageName : field.JsonName)} = {field.Number}, expected {expected}");
        }
    }

    private static void ExpectRaw(string field, WireType actual, WireType expected)
    {
        if (actual != expected)
        {
            throw new FormatException($"wrong wire type {(int)actual} ({actual}) for field {field}, expected {expected}");
        }
    }

    private static ReadOnlySpan<byte> Merge(ReadOnlySpan<byte> data, int origin, List<Range> segments, out int mergedOrigin)
    {
        mergedOrigin = origin + segments[0].Start.Value;
        if (segments.Count == 1)
        {
            return data[segments[0]];
        }

        var merged = new List<byte>();
        foreach (var segment in segments)
        {
            merged.AddRange(data[segment]);
        }

        return merged.ToArray();
    }

    /// <summary>What the bytes held for one field.</summary>
    private sealed class FieldSlot
    {
        public bool Present { get; set; }

        public JsonNode? Value { get; set; }

        public List<Range> Segments { get; } = [];

        public List<JsonNode?> List { get; } = [];

        public SortedDictionary<string, JsonNode?>? Map { get; set; }
    }
}
