using System.Text;
using System.Text.Json.Nodes;

namespace Orchestrator.Model.Tests.OpenApi;

/// <summary>
/// Decodes gnostic's openapi.v2.Document protobuf back into the Swagger JSON it stands for, written
/// from github.com/google/gnostic-models openapiv2/OpenAPIv2.proto independently of the encoder: its
/// own wire reader and a table of the proto's field numbers. Named* entries become object keys,
/// vendor extensions become x- keys (their YAML parsed), oneof wrappers are unwrapped.
/// </summary>
internal static class GnosticReader
{
    // A field's JSON name, or: "*" a Named entry merged into the object, "=" a oneof member that is the value,
    // "[]" the elements of a list wrapper (TypeItem, ItemsItem, StringArray).
    private sealed record Field(string Name, string Type, bool Repeated = false);

    private static readonly Dictionary<string, Dictionary<int, Field>> Messages = new()
    {
        ["Document"] = new()
        {
            [1] = new("swagger", "string"), [2] = new("info", "Info"), [3] = new("host", "string"), [4] = new("basePath", "string"),
            [5] = new("schemes", "string", true), [6] = new("consumes", "string", true), [7] = new("produces", "string", true),
            [8] = new("paths", "Paths"), [9] = new("definitions", "Definitions"), [12] = new("security", "SecurityRequirement", true),
            [13] = new("securityDefinitions", "SecurityDefinitions"), [16] = new("*", "NamedAny", true),
        },
        ["Info"] = new() { [1] = new("title", "string"), [2] = new("version", "string"), [3] = new("description", "string"), [7] = new("*", "NamedAny", true) },
        ["Paths"] = new() { [1] = new("*", "NamedAny", true), [2] = new("*", "NamedPathItem", true) },
        ["NamedPathItem"] = new() { [1] = new("name", "string"), [2] = new("value", "PathItem") },
        ["PathItem"] = new()
        {
            [1] = new("$ref", "string"), [2] = new("get", "Operation"), [3] = new("put", "Operation"), [4] = new("post", "Operation"),
            [5] = new("delete", "Operation"), [6] = new("options", "Operation"), [7] = new("head", "Operation"), [8] = new("patch", "Operation"),
            [9] = new("parameters", "ParametersItem", true), [10] = new("*", "NamedAny", true),
        },
        ["Operation"] = new()
        {
            [1] = new("tags", "string", true), [2] = new("summary", "string"), [3] = new("description", "string"), [5] = new("operationId", "string"),
            [6] = new("produces", "string", true), [7] = new("consumes", "string", true), [8] = new("parameters", "ParametersItem", true),
            [9] = new("responses", "Responses"), [10] = new("schemes", "string", true), [11] = new("deprecated", "bool"), [13] = new("*", "NamedAny", true),
        },
        ["ParametersItem"] = new() { [1] = new("=", "Parameter"), [2] = new("=", "JsonReference") },
        ["Parameter"] = new() { [1] = new("=", "BodyParameter"), [2] = new("=", "NonBodyParameter") },
        ["NonBodyParameter"] = new()
        {
            [1] = new("=", "HeaderParameterSubSchema"), [2] = new("=", "FormDataParameterSubSchema"),
            [3] = new("=", "QueryParameterSubSchema"), [4] = new("=", "PathParameterSubSchema"),
        },
        ["BodyParameter"] = new()
        {
            [1] = new("description", "string"), [2] = new("name", "string"), [3] = new("in", "string"), [4] = new("required", "bool"),
            [5] = new("schema", "Schema"), [6] = new("*", "NamedAny", true),
        },
        ["QueryParameterSubSchema"] = new()
        {
            [1] = new("required", "bool"), [2] = new("in", "string"), [3] = new("description", "string"), [4] = new("name", "string"),
            [5] = new("allowEmptyValue", "bool"), [6] = new("type", "string"), [7] = new("format", "string"), [20] = new("uniqueItems", "bool"),
            [23] = new("*", "NamedAny", true),
        },
        ["PathParameterSubSchema"] = new()
        {
            [1] = new("required", "bool"), [2] = new("in", "string"), [3] = new("description", "string"), [4] = new("name", "string"),
            [5] = new("type", "string"), [6] = new("format", "string"), [19] = new("uniqueItems", "bool"), [22] = new("*", "NamedAny", true),
        },
        ["HeaderParameterSubSchema"] = new()
        {
            [1] = new("required", "bool"), [2] = new("in", "string"), [3] = new("description", "string"), [4] = new("name", "string"),
            [5] = new("type", "string"), [6] = new("format", "string"), [19] = new("uniqueItems", "bool"), [22] = new("*", "NamedAny", true),
        },
        ["FormDataParameterSubSchema"] = new()
        {
            [1] = new("required", "bool"), [2] = new("in", "string"), [3] = new("description", "string"), [4] = new("name", "string"),
            [5] = new("allowEmptyValue", "bool"), [6] = new("type", "string"), [7] = new("format", "string"), [20] = new("uniqueItems", "bool"),
            [23] = new("*", "NamedAny", true),
        },
        ["JsonReference"] = new() { [1] = new("$ref", "string"), [2] = new("description", "string") },
        ["Responses"] = new() { [1] = new("*", "NamedResponseValue", true), [2] = new("*", "NamedAny", true) },
        ["NamedResponseValue"] = new() { [1] = new("name", "string"), [2] = new("value", "ResponseValue") },
        ["ResponseValue"] = new() { [1] = new("=", "Response"), [2] = new("=", "JsonReference") },
        ["Response"] = new() { [1] = new("description", "string"), [2] = new("schema", "SchemaItem"), [5] = new("*", "NamedAny", true) },
        ["SchemaItem"] = new() { [1] = new("=", "Schema") },
        ["Definitions"] = new() { [1] = new("*", "NamedSchema", true) },
        ["Properties"] = new() { [1] = new("*", "NamedSchema", true) },
        ["NamedSchema"] = new() { [1] = new("name", "string"), [2] = new("value", "Schema") },
        ["Schema"] = new()
        {
            [1] = new("$ref", "string"), [2] = new("format", "string"), [3] = new("title", "string"), [4] = new("description", "string"),
            [5] = new("default", "Any"), [16] = new("uniqueItems", "bool"), [19] = new("required", "string", true), [20] = new("enum", "Any", true),
            [21] = new("additionalProperties", "AdditionalPropertiesItem"), [22] = new("type", "TypeItem"), [23] = new("items", "ItemsItem"),
            [24] = new("allOf", "Schema", true), [25] = new("properties", "Properties"), [27] = new("readOnly", "bool"), [31] = new("*", "NamedAny", true),
        },
        ["AdditionalPropertiesItem"] = new() { [1] = new("=", "Schema"), [2] = new("=", "bool") },
        ["TypeItem"] = new() { [1] = new("[]", "string", true) },
        ["ItemsItem"] = new() { [1] = new("[]", "Schema", true) },
        ["SecurityDefinitions"] = new() { [1] = new("*", "NamedSecurityDefinitionsItem", true) },
        ["NamedSecurityDefinitionsItem"] = new() { [1] = new("name", "string"), [2] = new("value", "SecurityDefinitionsItem") },
        ["SecurityDefinitionsItem"] = new() { [2] = new("=", "ApiKeySecurity") },
        ["ApiKeySecurity"] = new() { [1] = new("type", "string"), [2] = new("name", "string"), [3] = new("in", "string"), [4] = new("description", "string"), [5] = new("*", "NamedAny", true) },
        ["SecurityRequirement"] = new() { [1] = new("*", "NamedStringArray", true) },
        ["NamedStringArray"] = new() { [1] = new("name", "string"), [2] = new("value", "StringArray") },
        ["StringArray"] = new() { [1] = new("[]", "string", true) },
        ["NamedAny"] = new() { [1] = new("name", "string"), [2] = new("value", "Any") },
        ["Any"] = new() { [2] = new("yaml", "string") },
    };

    /// <summary>The YAML strings of every Any met while reading, for the caller to check with a YAML parser.</summary>
    public static JsonObject Read(byte[] document, List<string>? yamls = null) =>
        Decode("Document", document, yamls)!.AsObject();

    private static JsonNode? Decode(string type, ReadOnlySpan<byte> data, List<string>? yamls)
    {
        var fields = Messages[type];
        var obj = new JsonObject();
        JsonNode? unwrapped = null;
        var list = new JsonArray();
        string? name = null;
        JsonNode? value = null;
        var position = 0;
        while (position < data.Length)
        {
            var tag = Varint(data, ref position);
            var number = (int)(tag >> 3);
            var wire = (int)(tag & 7);
            if (!fields.TryGetValue(number, out var field))
            {
                throw new FormatException($"{type} has no field {number}");
            }

            JsonNode? decoded;
            switch (field.Type, wire)
            {
                case ("bool", 0):
                    decoded = Varint(data, ref position) != 0;
                    break;
                case (_, 2):
                    var length = (int)Varint(data, ref position);
                    var bytes = data.Slice(position, length);
                    position += length;
                    decoded = field.Type == "string" ? Encoding.UTF8.GetString(bytes) : Decode(field.Type, bytes, yamls);
                    break;
                default:
                    throw new FormatException($"{type}.{field.Name} ({field.Type}) came with wire type {wire}");
            }

            if (type.StartsWith("Named", StringComparison.Ordinal))
            {
                if (field.Name == "name")
                {
                    name = decoded!.GetValue<string>();
                }
                else
                {
                    value = decoded;
                }

                continue;
            }

            if (type == "Any")
            {
                var yaml = decoded!.GetValue<string>();
                yamls?.Add(yaml);
                return JsonNode.Parse(yaml);
            }

            switch (field.Name)
            {
                case "*":
                    var entry = decoded!.AsObject();
                    var key = entry["name"]!.GetValue<string>();
                    obj[key] = entry["value"]?.DeepClone();
                    break;
                case "=":
                    unwrapped = decoded;
                    break;
                case "[]":
                    list.Add(decoded);
                    break;
                default:
                    if (field.Repeated)
                    {
                        ((obj[field.Name] ??= new JsonArray()) as JsonArray)!.Add(decoded);
                    }
                    else
                    {
                        obj[field.Name] = decoded;
                    }

                    break;
            }
        }

        return type switch
        {
            _ when type.StartsWith("Named", StringComparison.Ordinal) => new JsonObject { ["name"] = name ?? "", ["value"] = value },
            "TypeItem" or "ItemsItem" => list.Count == 1 ? list[0]!.DeepClone() : list,
            "StringArray" => list,
            _ when fields.Values.Any(f => f.Name == "=") => unwrapped,
            _ => obj,
        };
    }

    private static ulong Varint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = data[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new FormatException("varint too long");
    }
}
