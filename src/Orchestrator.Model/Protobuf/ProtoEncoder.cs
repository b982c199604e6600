using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Model.Resources;
using Orchestrator.Model.Schema;

namespace Orchestrator.Model.Protobuf;

/// <summary>
/// Encodes JSON as Kubernetes would: read into its Go struct (unknown fields dropped) and written by
/// its generated gogo code, which writes fields by ascending number, every value field whether zero
/// or not, a pointer only when set, map entries sorted by key and repeated scalars unpacked.
/// </summary>
internal static class ProtoEncoder
{
    public static void Encode(JsonObject? json, MessageSchema message, ProtoWriter writer, string path)
    {
        foreach (var field in message.FieldsByNumber)
        {
            if (field.IsInline)
            {
                // An embedded Go struct reads its fields from this same object.
                writer.WriteBytesField(field.Number, EncodeMessage(json, field.Message, path));
                continue;
            }

            var node = json?[field.JsonName];
            var fieldPath = path.Length == 0 ? field.JsonName : $"{path}.{field.JsonName}";
            switch (field.Type.Shape)
            {
                case FieldShape.List:
                    EncodeList(node, field, writer, fieldPath);
                    break;
                case FieldShape.Map:
                    EncodeMap(node, field, writer, fieldPath);
                    break;
                default:
                    EncodeSingle(node, field, writer, fieldPath);
                    break;
            }
        }
    }

    private static void EncodeSingle(JsonNode? node, FieldSchema field, ProtoWriter writer, string path)
    {
        var kind = field.Type.Kind;
        if (node is null && (field.Presence is (JsonPresence.WhenSet or JsonPresence.NullWhenUnset) || kind == FieldKind.Bytes))
        {
            // A nil pointer or a nil []byte is not written.
            return;
        }

        EncodeValue(node, field, field.Number, writer, path);
    }

    private static void EncodeList(JsonNode? node, FieldSchema field, ProtoWriter writer, string path)
    {
        if (node is null)
        {
            return;
        }

        if (node is not JsonArray array)
        {
            throw new FormatException($"{path}: expected an array, got {Describe(node)}");
        }

        for (var i = 0; i < array.Count; i++)
        {
            EncodeValue(array[i], field, field.Number, writer, $"{path}[{i}]");
        }
    }

    private static void EncodeMap(JsonNode? node, FieldSchema field, ProtoWriter writer, string path)
    {
        if (node is null)
        {
            return;
        }

        if (node is not JsonObject map)
        {
            throw new FormatException($"{path}: expected an object, got {Describe(node)}");
        }

        foreach (var (key, value) in map.OrderBy(pair => pair.Key, Utf8Order.Instance))
        {
            var entry = new ProtoWriter();
            entry.WriteStringField(1, key);
            if (value is not null || field.Type.Kind != FieldKind.Bytes)
            {
                EncodeValue(value, field, 2, entry, $"{path}[{key}]");
            }

            writer.WriteBytesField(field.Number, entry.WrittenSpan);
        }
    }

    /// <summary>One value of the field's kind under <paramref name="number"/>; null is the zero value.</summary>
    private static void EncodeValue(JsonNode? node, FieldSchema field, int number, ProtoWriter writer, string path)
    {
        switch (field.Type.Kind)
        {
            case FieldKind.String:
                writer.WriteStringField(number, node is null ? string.Empty : Text(node, path, "a string"));
                break;
            case FieldKind.Int32:
                writer.WriteIntField(number, node is null ? 0 : Integer(node, path, int.MinValue, int.MaxValue, "a 32-bit integer"));
                break;
            case FieldKind.Int64:
                writer.WriteIntField(number, node is null ? 0 : Integer(node, path, long.MinValue, long.MaxValue, "a 64-bit integer"));
                break;
            case FieldKind.Bool:
                writer.WriteBoolField(number, node is not null && Boolean(node, path));
                break;
            case FieldKind.Double:
                writer.WriteDoubleField(number, node is null ? 0 : Number(node, path));
                break;
            case FieldKind.Bytes:
                writer.WriteBytesField(number, node is null ? [] : Base64(node, path));
                break;
            case FieldKind.Message:
                writer.WriteBytesField(number, EncodeMessage(node is null ? null : node as JsonObject ?? throw new FormatException($"{path}: expected an object, got {Describe(node)}"), field.Message, path));
                break;
            case FieldKind.IntOrString:
                writer.WriteBytesField(number, EncodeIntOrString(node, path));
                break;
            case FieldKind.Quantity:
                writer.WriteBytesField(number, EncodeQuantity(node, path));
                break;
            case FieldKind.Time:
            case FieldKind.MicroTime:
                writer.WriteBytesField(number, EncodeTime(node, path, field.Type.Kind == FieldKind.MicroTime));
                break;
            default:
                writer.WriteBytesField(number, EncodeEmbeddedJson(node));
                break;
        }
    }

    private static byte[] EncodeMessage(JsonObject? json, MessageSchema message, string path)
    {
        var writer = new ProtoWriter();
        Encode(json, message, writer, path);
        return writer.ToArray();
    }

    private static byte[] EncodeIntOrString(JsonNode? node, string path)
    {
        var writer = new ProtoWriter();
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            writer.WriteVarintField(1, 1);
            writer.WriteIntField(2, 0);
            writer.WriteStringField(3, value.GetValue<string>());
        }
        else
        {
            writer.WriteVarintField(1, 0);
            writer.WriteIntField(2, node is null ? 0 : Integer(node, path, int.MinValue, int.MaxValue, "an integer or a string"));
            writer.WriteStringField(3, string.Empty);
        }

        return writer.ToArray();
    }

    private static byte[] EncodeQuantity(JsonNode? node, string path)
    {
        Quantity quantity;
        try
        {
            quantity = Quantity.FromJsonNode(node);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }

        var writer = new ProtoWriter();
        writer.WriteStringField(1, quantity.ToString());
        return writer.ToArray();
    }

    // Go's zero time writes an empty message; Time keeps whole seconds, MicroTime microseconds.
    private static byte[] EncodeTime(JsonNode? node, string path, bool micro)
    {
        if (node is null)
        {
            return [];
        }

        (long Seconds, int Nanos) time;
        try
        {
            time = KubeTime.Parse(Text(node, path, "an RFC 3339 time"));
        }
        catch (FormatException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }

        if (time.Seconds == KubeTime.ZeroSeconds && (!micro || time.Nanos == 0))
        {
            return [];
        }

        var writer = new ProtoWriter();
        writer.WriteIntField(1, time.Seconds);
        writer.WriteIntField(2, micro ? time.Nanos / 1000 * 1000 : 0);
        return writer.ToArray();
    }

    // RawExtension and FieldsV1 hold the JSON text itself; null leaves raw unset.
    private static byte[] EncodeEmbeddedJson(JsonNode? node)
    {
        var writer = new ProtoWriter();
        if (node is not null)
        {
            writer.WriteBytesField(1, Encoding.UTF8.GetBytes(node.ToJsonString()));
        }

        return writer.ToArray();
    }

    private static byte[] Base64(JsonNode node, string path)
    {
        try
        {
            return Convert.FromBase64String(Text(node, path, "a base64 string"));
        }
        catch (FormatException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new FormatException($"{path}: illegal base64 data", e);
        }
    }

    private static string Text(JsonNode node, string path, string expected) =>
        Kind(node) == JsonValueKind.String ? node.GetValue<string>() : throw Mismatch(node, path, expected);

    private static bool Boolean(JsonNode node, string path) => Kind(node) switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Mismatch(node, path, "a boolean"),
    };

    // Numbers go through their JSON text, whatever .NET type a JsonValue wraps; like Go, an integer
    // field takes only an integer literal that fits.
    private static long Integer(JsonNode node, string path, long min, long max, string expected) =>
        Kind(node) == JsonValueKind.Number
            && long.TryParse(node.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max
            ? value
            : throw Mismatch(node, path, expected);

    private static double Number(JsonNode node, string path) =>
        Kind(node) == JsonValueKind.Number
            && double.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Mismatch(node, path, "a number");

    private static JsonValueKind Kind(JsonNode node) => node.GetValueKind();

    private static FormatException Mismatch(JsonNode node, string path, string expected) =>
        new($"{path}: expected {expected}, got {Describe(node)}");

    private static string Describe(JsonNode node)
    {
        var text = node.ToJsonString();
        return text.Length <= 40 ? text : text[..40] + "...";
    }
}
