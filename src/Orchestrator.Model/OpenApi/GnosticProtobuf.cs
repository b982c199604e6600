using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Model.Protobuf;

namespace Orchestrator.Model.OpenApi;

/// <summary>
/// Encodes a Swagger 2.0 document as gnostic's <c>openapi.v2.Document</c> protobuf
/// (github.com/google/gnostic-models, openapiv2/OpenAPIv2.proto), the form kubectl asks
/// <c>/openapi/v2</c> for. Only the part of the proto the documents use is written; anything else in
/// the JSON throws rather than being dropped unseen. Vendor extensions become NamedAny entries whose
/// <c>yaml</c> holds the value as JSON text, which every YAML parser reads (JSON is YAML's flow style).
/// </summary>
public static class GnosticProtobuf
{
    /// <summary>What kubectl lists in Accept for this encoding.</summary>
    public const string AcceptMediaType = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    /// <summary>The Content-Type Kubernetes answers it with.</summary>
    public const string ContentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    private static readonly JsonSerializerOptions YamlJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Encode(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var writer = new ProtoWriter();
        Document(writer, document);
        return writer.ToArray();
    }

    private static void Document(ProtoWriter w, JsonNode? node) => Fields(w, node, "document", 16, static (w, key, value) => key switch
    {
        "swagger" => Str(w, 1, value),
        "info" => Msg(w, 2, value, Info),
        "host" => Str(w, 3, value),
        "basePath" => Str(w, 4, value),
        "schemes" => Strs(w, 5, value),
        "consumes" => Strs(w, 6, value),
        "produces" => Strs(w, 7, value),
        "paths" => Msg(w, 8, value, Paths),
        "definitions" => Msg(w, 9, value, NamedSchemas),
        "security" => Msgs(w, 12, value, SecurityRequirement),
        "securityDefinitions" => Msg(w, 13, value, SecurityDefinitions),
        _ => false,
    });

    private static void Info(ProtoWriter w, JsonNode? node) => Fields(w, node, "info", 7, static (w, key, value) => key switch
    {
        "title" => Str(w, 1, value),
        "version" => Str(w, 2, value),
        "description" => Str(w, 3, value),
        "termsOfService" => Str(w, 4, value),
        _ => false,
    });

    // Paths { repeated NamedAny vendor_extension = 1; repeated NamedPathItem path = 2; }
    private static void Paths(ProtoWriter w, JsonNode? node) => Fields(w, node, "paths", 1, static (w, key, value) =>
        !key.StartsWith("x-", StringComparison.Ordinal) && Named(w, 2, key, value, PathItem));

    private static void PathItem(ProtoWriter w, JsonNode? node) => Fields(w, node, "path item", 10, static (w, key, value) => key switch
    {
        "$ref" => Str(w, 1, value),
        "get" => Msg(w, 2, value, Operation),
        "put" => Msg(w, 3, value, Operation),
        "post" => Msg(w, 4, value, Operation),
        "delete" => Msg(w, 5, value, Operation),
        "options" => Msg(w, 6, value, Operation),
        "head" => Msg(w, 7, value, Operation),
        "patch" => Msg(w, 8, value, Operation),
        "parameters" => Msgs(w, 9, value, ParametersItem),
        _ => false,
    });

    private static void Operation(ProtoWriter w, JsonNode? node) => Fields(w, node, "operation", 13, static (w, key, value) => key switch
    {
        "tags" => Strs(w, 1, value),
        "summary" => Str(w, 2, value),
        "description" => Str(w, 3, value),
        "operationId" => Str(w, 5, value),
        "produces" => Strs(w, 6, value),
        "consumes" => Strs(w, 7, value),
        "parameters" => Msgs(w, 8, value, ParametersItem),
        "responses" => Msg(w, 9, value, Responses),
        "schemes" => Strs(w, 10, value),
        "deprecated" => Bool(w, 11, value),
        _ => false,
    });

    // ParametersItem { oneof { Parameter parameter = 1; JsonReference json_reference = 2; } }
    private static void ParametersItem(ProtoWriter w, JsonNode? node)
    {
        if (node is JsonObject obj && obj.ContainsKey("$ref"))
        {
            Msg(w, 2, node, JsonReference);
        }
        else
        {
            Msg(w, 1, node, Parameter);
        }
    }

    // Parameter { oneof { BodyParameter body_parameter = 1; NonBodyParameter non_body_parameter = 2; } }
    private static void Parameter(ProtoWriter w, JsonNode? node)
    {
        switch (node?["in"]?.GetValue<string>())
        {
            case "body":
                Msg(w, 1, node, BodyParameter);
                break;
            case "header":
                Msg(w, 2, node, static (inner, value) => Msg(inner, 1, value, PathOrHeaderParameter));
                break;
            case "formData":
                Msg(w, 2, node, static (inner, value) => Msg(inner, 2, value, QueryOrFormParameter));
                break;
            case "query":
                Msg(w, 2, node, static (inner, value) => Msg(inner, 3, value, QueryOrFormParameter));
                break;
            case "path":
                Msg(w, 2, node, static (inner, value) => Msg(inner, 4, value, PathOrHeaderParameter));
                break;
            case var other:
                throw new NotSupportedException($"a parameter in \"{other}\" has no place in the gnostic OpenAPI v2 encoding");
        }
    }

    private static void BodyParameter(ProtoWriter w, JsonNode? node) => Fields(w, node, "body parameter", 6, static (w, key, value) => key switch
    {
        "description" => Str(w, 1, value),
        "name" => Str(w, 2, value),
        "in" => Str(w, 3, value),
        "required" => Bool(w, 4, value),
        "schema" => Msg(w, 5, value, Schema),
        _ => false,
    });

    // QueryParameterSubSchema and FormDataParameterSubSchema number their fields alike.
    private static void QueryOrFormParameter(ProtoWriter w, JsonNode? node) => Fields(w, node, "query parameter", 23, static (w, key, value) => key switch
    {
        "required" => Bool(w, 1, value),
        "in" => Str(w, 2, value),
        "description" => Str(w, 3, value),
        "name" => Str(w, 4, value),
        "allowEmptyValue" => Bool(w, 5, value),
        "type" => Str(w, 6, value),
        "format" => Str(w, 7, value),
        "collectionFormat" => Str(w, 9, value),
        "default" => Any(w, 10, value),
        "uniqueItems" => Bool(w, 20, value),
        "enum" => Anys(w, 21, value),
        _ => false,
    });

    // PathParameterSubSchema and HeaderParameterSubSchema number their fields alike.
    private static void PathOrHeaderParameter(ProtoWriter w, JsonNode? node) => Fields(w, node, "path parameter", 22, static (w, key, value) => key switch
    {
        "required" => Bool(w, 1, value),
        "in" => Str(w, 2, value),
        "description" => Str(w, 3, value),
        "name" => Str(w, 4, value),
        "type" => Str(w, 5, value),
        "format" => Str(w, 6, value),
        "collectionFormat" => Str(w, 8, value),
        "default" => Any(w, 9, value),
        "uniqueItems" => Bool(w, 19, value),
        "enum" => Anys(w, 20, value),
        _ => false,
    });

    private static void JsonReference(ProtoWriter w, JsonNode? node) => Fields(w, node, "reference", 0, static (w, key, value) => key switch
    {
        "$ref" => Str(w, 1, value),
        "description" => Str(w, 2, value),
        _ => false,
    });

    // Responses { repeated NamedResponseValue response_code = 1; repeated NamedAny vendor_extension = 2; }
    private static void Responses(ProtoWriter w, JsonNode? node) => Fields(w, node, "responses", 2, static (w, key, value) =>
        !key.StartsWith("x-", StringComparison.Ordinal) && Named(w, 1, key, value, ResponseValue));

    // ResponseValue { oneof { Response response = 1; JsonReference json_reference = 2; } }
    private static void ResponseValue(ProtoWriter w, JsonNode? node)
    {
        if (node is JsonObject obj && obj.ContainsKey("$ref"))
        {
            Msg(w, 2, node, JsonReference);
        }
        else
        {
            Msg(w, 1, node, Response);
        }
    }

    private static void Response(ProtoWriter w, JsonNode? node) => Fields(w, node, "response", 5, static (w, key, value) => key switch
    {
        "description" => Str(w, 1, value),
        "schema" => Msg(w, 2, value, static (inner, schema) => Msg(inner, 1, schema, Schema)),
        _ => false,
    });

    // Definitions and Properties alike: { repeated NamedSchema additional_properties = 1; }
    private static void NamedSchemas(ProtoWriter w, JsonNode? node) => Fields(w, node, "definitions", 0, static (w, key, value) => Named(w, 1, key, value, Schema));

    private static void Schema(ProtoWriter w, JsonNode? node) => Fields(w, node, "schema", 31, static (w, key, value) => key switch
    {
        "$ref" => Str(w, 1, value),
        "format" => Str(w, 2, value),
        "title" => Str(w, 3, value),
        "description" => Str(w, 4, value),
        "default" => Any(w, 5, value),
        "multipleOf" => Double(w, 6, value),
        "maximum" => Double(w, 7, value),
        "exclusiveMaximum" => Bool(w, 8, value),
        "minimum" => Double(w, 9, value),
        "exclusiveMinimum" => Bool(w, 10, value),
        "maxLength" => Long(w, 11, value),
        "minLength" => Long(w, 12, value),
        "pattern" => Str(w, 13, value),
        "maxItems" => Long(w, 14, value),
        "minItems" => Long(w, 15, value),
        "uniqueItems" => Bool(w, 16, value),
        "maxProperties" => Long(w, 17, value),
        "minProperties" => Long(w, 18, value),
        "required" => Strs(w, 19, value),
        "enum" => Anys(w, 20, value),
        "additionalProperties" => Msg(w, 21, value, AdditionalPropertiesItem),
        "type" => Msg(w, 22, value, static (inner, type) => Strs(inner, 1, type is JsonArray ? type : new JsonArray(type!.DeepClone()))),
        "items" => Msg(w, 23, value, static (inner, items) =>
        {
            // ItemsItem { repeated Schema schema = 1; }: one schema or a tuple of them.
            if (items is JsonArray tuple)
            {
                Msgs(inner, 1, tuple, Schema);
            }
            else
            {
                Msg(inner, 1, items, Schema);
            }
        }),
        "allOf" => Msgs(w, 24, value, Schema),
        "properties" => Msg(w, 25, value, NamedSchemas),
        "discriminator" => Str(w, 26, value),
        "readOnly" => Bool(w, 27, value),
        "example" => Any(w, 30, value),
        _ => false,
    });

    // AdditionalPropertiesItem { oneof { Schema schema = 1; bool boolean = 2; } }
    private static void AdditionalPropertiesItem(ProtoWriter w, JsonNode? node)
    {
        if (node is JsonValue value && value.TryGetValue<bool>(out var allowed))
        {
            // Written even when false: the oneof case is the information.
            w.WriteBoolField(2, allowed);
        }
        else
        {
            Msg(w, 1, node, Schema);
        }
    }

    // SecurityDefinitions { repeated NamedSecurityDefinitionsItem additional_properties = 1; }
    private static void SecurityDefinitions(ProtoWriter w, JsonNode? node) => Fields(w, node, "security definitions", 0, static (w, key, value) =>
        Named(w, 1, key, value, SecurityDefinitionsItem));

    private static void SecurityDefinitionsItem(ProtoWriter w, JsonNode? node)
    {
        switch (node?["type"]?.GetValue<string>())
        {
            case "basic":
                Msg(w, 1, node, static (inner, value) => Fields(inner, value, "basic security", 3, static (w, key, value) => key switch
                {
                    "type" => Str(w, 1, value),
                    "description" => Str(w, 2, value),
                    _ => false,
                }));
                break;
            case "apiKey":
                Msg(w, 2, node, static (inner, value) => Fields(inner, value, "api key security", 5, static (w, key, value) => key switch
                {
                    "type" => Str(w, 1, value),
                    "name" => Str(w, 2, value),
                    "in" => Str(w, 3, value),
                    "description" => Str(w, 4, value),
                    _ => false,
                }));
                break;
            case var other:
                throw new NotSupportedException($"a security definition of type \"{other}\" has no place in this gnostic OpenAPI v2 encoding");
        }
    }

    // SecurityRequirement { repeated NamedStringArray additional_properties = 1; }, StringArray { repeated string value = 1; }
    private static void SecurityRequirement(ProtoWriter w, JsonNode? node) => Fields(w, node, "security requirement", 0, static (w, key, value) =>
        Named(w, 1, key, value, static (inner, scopes) => Strs(inner, 1, scopes)));

    /// <summary>Writes each property of an object through <paramref name="field"/>; x- keys become vendor extensions where the message has them.</summary>
    private static void Fields(ProtoWriter w, JsonNode? node, string where, int vendorExtension, Func<ProtoWriter, string, JsonNode?, bool> field)
    {
        var obj = node as JsonObject ?? throw new NotSupportedException($"the {where} must be a JSON object");
        foreach (var (key, value) in obj)
        {
            if (field(w, key, value))
            {
                continue;
            }

            if (vendorExtension > 0 && key.StartsWith("x-", StringComparison.Ordinal))
            {
                // NamedAny { string name = 1; Any value = 2; }
                Named(w, vendorExtension, key, value, static (inner, any) => AnyBody(inner, any));
                continue;
            }

            throw new NotSupportedException($"\"{key}\" of the {where} has no place in this gnostic OpenAPI v2 encoding");
        }
    }

    /// <summary>A Named* entry: { string name = 1; T value = 2; }.</summary>
    private static bool Named(ProtoWriter w, int number, string name, JsonNode? value, Action<ProtoWriter, JsonNode?> body) =>
        Msg(w, number, value, (inner, v) =>
        {
            inner.WriteStringField(1, name);
            Msg(inner, 2, v, body);
        });

    private static bool Msg(ProtoWriter w, int number, JsonNode? value, Action<ProtoWriter, JsonNode?> body)
    {
        var inner = new ProtoWriter();
        body(inner, value);
        w.WriteBytesField(number, inner.WrittenSpan);
        return true;
    }

    private static bool Msgs(ProtoWriter w, int number, JsonNode? value, Action<ProtoWriter, JsonNode?> body)
    {
        foreach (var element in value as JsonArray ?? throw new NotSupportedException($"field {number} must be a JSON array"))
        {
            Msg(w, number, element, body);
        }

        return true;
    }

    // proto3 leaves out empty strings, false and zero.
    private static bool Str(ProtoWriter w, int number, JsonNode? value)
    {
        var text = value?.GetValue<string>() ?? "";
        if (text.Length > 0)
        {
            w.WriteStringField(number, text);
        }

        return true;
    }

    private static bool Strs(ProtoWriter w, int number, JsonNode? value)
    {
        foreach (var element in value as JsonArray ?? throw new NotSupportedException($"field {number} must be a JSON array of strings"))
        {
            w.WriteStringField(number, element!.GetValue<string>());
        }

        return true;
    }

    private static bool Bool(ProtoWriter w, int number, JsonNode? value)
    {
        if (value?.GetValue<bool>() == true)
        {
            w.WriteBoolField(number, true);
        }

        return true;
    }

    private static bool Double(ProtoWriter w, int number, JsonNode? value)
    {
        var d = value?.GetValue<double>() ?? 0;
        if (d != 0)
        {
            w.WriteDoubleField(number, d);
        }

        return true;
    }

    private static bool Long(ProtoWriter w, int number, JsonNode? value)
    {
        var l = value?.GetValue<long>() ?? 0;
        if (l != 0)
        {
            w.WriteIntField(number, l);
        }

        return true;
    }

    private static bool Any(ProtoWriter w, int number, JsonNode? value) => Msg(w, number, value, AnyBody);

    private static bool Anys(ProtoWriter w, int number, JsonNode? value)
    {
        foreach (var element in value as JsonArray ?? throw new NotSupportedException($"field {number} must be a JSON array"))
        {
            Msg(w, number, element, AnyBody);
        }

        return true;
    }

    // Any { google.protobuf.Any value = 1; string yaml = 2; }
    private static void AnyBody(ProtoWriter w, JsonNode? value) =>
        w.WriteStringField(2, value is null ? "null" : value.ToJsonString(YamlJson));
}
