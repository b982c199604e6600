using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Model.Schema;

namespace Orchestrator.Model.Protobuf;

/// <summary>
/// Kubernetes' protobuf encoding (<c>application/vnd.kubernetes.protobuf</c>), which kubectl uses for
/// the bodies of its typed commands, to and from the JSON shape the gateway works on. A body is the
/// 4-byte magic <c>k8s\0</c> then a runtime.Unknown message: typeMeta=1 {apiVersion=1, kind=2},
/// raw=2 (the object's own message), contentEncoding=3, contentType=4.
/// </summary>
public static class KubeProtobuf
{
    public const string ContentType = "application/vnd.kubernetes.protobuf";

    /// <summary>The prefix of every Kubernetes protobuf body: <c>k8s\0</c>.</summary>
    public static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    /// <summary>
    /// Decodes a body into the JSON Kubernetes would show for the object, with kind and apiVersion
    /// from the envelope. Throws <see cref="FormatException"/> for a malformed body or an unknown kind.
    /// </summary>
    public static JsonObject Decode(ReadOnlySpan<byte> body) => Decode(body, KubeSchema.Default);

    /// <inheritdoc cref="Decode(ReadOnlySpan{byte})"/>
    public static JsonObject Decode(ReadOnlySpan<byte> body, SchemaSet schema) => Decode(body, schema, depth: 0);

    /// <summary>Encodes a JSON object (with apiVersion and kind) into a body, as a Kubernetes client would.</summary>
    public static byte[] Encode(JsonObject json) => Encode(json, KubeSchema.Default);

    /// <inheritdoc cref="Encode(JsonObject)"/>
    public static byte[] Encode(JsonObject json, SchemaSet schema)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(schema);
        var apiVersion = TypeMetaField(json, "apiVersion");
        var kind = TypeMetaField(json, "kind");
        var message = schema.Find(apiVersion, kind) ?? throw NotRegistered(apiVersion, kind);

        var typeMeta = new ProtoWriter();
        typeMeta.WriteStringField(1, apiVersion);
        typeMeta.WriteStringField(2, kind);
        var unknown = new ProtoWriter();
        unknown.WriteRaw(Magic);
        unknown.WriteBytesField(1, typeMeta.WrittenSpan);
        unknown.WriteBytesField(2, EncodeMessage(json, message));
        unknown.WriteStringField(3, string.Empty);
        unknown.WriteStringField(4, string.Empty);
        return unknown.ToArray();
    }

    /// <summary>Decodes one message (no envelope) into its JSON.</summary>
    public static JsonObject DecodeMessage(ReadOnlySpan<byte> data, MessageSchema message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return ProtoDecoder.Decode(data, message, origin: 0, depth: 0);
    }

    /// <summary>Encodes one message (no envelope) from its JSON.</summary>
    public static byte[] EncodeMessage(JsonObject json, MessageSchema message)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(message);
        var writer = new ProtoWriter();
        ProtoEncoder.Encode(json, message, writer, path: string.Empty);
        return writer.ToArray();
    }

    internal static JsonObject Decode(ReadOnlySpan<byte> body, SchemaSet schema, int depth)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (body.IsEmpty)
        {
            throw new FormatException("empty body: expected a Kubernetes protobuf message");
        }

        if (!body.StartsWith(Magic))
        {
            throw new FormatException("the body does not appear to be a Kubernetes protobuf message: it lacks the prefix 6b 38 73 00 (\"k8s\\0\")");
        }

        if (body.Length == Magic.Length)
        {
            throw new FormatException("empty body after the Kubernetes protobuf prefix");
        }

        var origin = Magic.Length;
        var reader = new ProtoReader(body[origin..], origin);
        var apiVersion = string.Empty;
        var kind = string.Empty;
        var raw = ReadOnlySpan<byte>.Empty;
        var rawOrigin = 0;
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            if (number is >= 1 and <= 4 && wireType != WireType.LengthDelimited)
            {
                throw new FormatException($"wrong wire type {(int)wireType} ({wireType}) for field runtime.Unknown {number}, expected LengthDelimited");
            }

            switch (number)
            {
                case 1:
                    (apiVersion, kind) = ReadTypeMeta(reader.ReadLengthDelimited(out var typeMetaOrigin), typeMetaOrigin, apiVersion, kind);
                    break;
                case 2:
                    raw = reader.ReadLengthDelimited(out rawOrigin);
                    break;
                default:
                    // contentEncoding and contentType: Kubernetes ignores them too.
                    reader.Skip(number, wireType);
                    break;
            }
        }

        if (kind.Length == 0)
        {
            throw new FormatException("Object 'Kind' is missing in the protobuf envelope");
        }

        if (apiVersion.Length == 0)
        {
            throw new FormatException("Object 'apiVersion' is missing in the protobuf envelope");
        }

        var message = schema.Find(apiVersion, kind) ?? throw NotRegistered(apiVersion, kind);
        var json = new JsonObject
        {
            ["kind"] = kind,
            ["apiVersion"] = apiVersion,
        };

        ProtoDecoder.DecodeInto(raw, message, json, rawOrigin, depth);
        return json;
    }

    private static (string ApiVersion, string Kind) ReadTypeMeta(ReadOnlySpan<byte> data, int origin, string apiVersion, string kind)
    {
        var reader = new ProtoReader(data, origin);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            if (number is 1 or 2 && wireType != WireType.LengthDelimited)
            {
                throw new FormatException($"wrong wire type {(int)wireType} ({wireType}) for field runtime.TypeMeta {number}, expected LengthDelimited");
            }

            switch (number)
            {
                case 1:
                    apiVersion = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
                    break;
                case 2:
                    kind = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
                    break;
                default:
                    reader.Skip(number, wireType);
                    break;
            }
        }

        return (apiVersion, kind);
    }

    private static string TypeMetaField(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw new FormatException($"Object '{name}' is missing or not a string");

    private static FormatException NotRegistered(string apiVersion, string kind) =>
        new($"no kind \"{kind}\" is registered for version \"{apiVersion}\"");
}
