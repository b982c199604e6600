using System.Text.Json.Nodes;
using Orchestrator.Model.Schema;
using Orchestrator.Model.Schema.Validation;

namespace Orchestrator.Model.OpenApi;

/// <summary>
/// Writes the definitions (v2) or component schemas (v3) that a set of operations reaches: each named
/// one is written with every definition its fields refer to, transitively, sorted by name. Inline
/// members are flattened into their parent; kinds get <c>apiVersion</c>, <c>kind</c> and
/// <c>x-kubernetes-group-version-kind</c>; merging lists get their patch directives.
/// </summary>
internal sealed class DefinitionSet
{
    private const string ListMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";

    private const string ApiVersionDescription = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";

    private const string KindDescription = "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";

    private readonly OpenApiOptions _options;
    private readonly SchemaDialect _dialect;
    private readonly PatchDirectives _patches;
    private readonly IReadOnlyDictionary<string, SyntheticList> _lists;
    private readonly Queue<string> _pending = new();
    private readonly SortedDictionary<string, JsonObject> _written = new(StringComparer.Ordinal);

    public DefinitionSet(OpenApiOptions options, SchemaDialect dialect, PatchDirectives patches, IReadOnlyDictionary<string, SyntheticList> lists)
    {
        _options = options;
        _dialect = dialect;
        _patches = patches;
        _lists = lists;
    }

    /// <summary>A reference to a definition, which is then written too.</summary>
    public JsonObject Reference(string name)
    {
        _pending.Enqueue(name);
        var prefix = _dialect == SchemaDialect.Swagger2 ? "#/definitions/" : "#/components/schemas/";
        return new JsonObject { ["$ref"] = prefix + name };
    }

    /// <summary>Every definition referred to so far and those they refer to, by name.</summary>
    public JsonObject Build()
    {
        while (_pending.TryDequeue(out var name))
        {
            if (!_written.ContainsKey(name))
            {
                _written[name] = Write(name);
            }
        }

        var definitions = new JsonObject();
        foreach (var (name, schema) in _written)
        {
            definitions[name] = schema;
        }

        return definitions;
    }

    private JsonObject Write(string name)
    {
        if (WellKnownDefinitions.Schema(name) is { } wellKnown)
        {
            return wellKnown;
        }

        if (_lists.TryGetValue(name, out var list))
        {
            return List(list);
        }

        return _options.Schemas.TryGetMessage(name, out var message)
            ? Message(message)
            : throw new InvalidOperationException($"no definition {name}: it is neither a message of the schema set nor a well-known type");
    }

    private JsonObject Message(MessageSchema message)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        if (message.IsKind)
        {
            AddTypeMeta(properties);
        }

        foreach (var (field, declaring) in VisibleFields.Of(message))
        {
            properties[field.JsonName] = Field(field, declaring);
            if (field.IsRequired)
            {
                required.Add(field.JsonName);
            }
        }

        var schema = new JsonObject();
        if (message.Description.Length > 0)
        {
            schema["description"] = message.Description;
        }

        schema["type"] = "object";
        if (required.Count > 0)
        {
            schema["required"] = required;
        }

        schema["properties"] = properties;
        if (message.IsKind)
        {
            schema["x-kubernetes-group-version-kind"] = new JsonArray([.. message.ApiVersions.Select(v => (JsonNode)GroupVersionKind.Of(v, message.Name).ToJson())]);
        }

        return schema;
    }

    private JsonObject List(SyntheticList list)
    {
        var properties = new JsonObject();
        AddTypeMeta(properties);
        properties["items"] = new JsonObject
        {
            ["description"] = $"List of {list.Gvk.Kind[..^"List".Length]} objects.",
            ["type"] = "array",
            ["items"] = Reference(list.ItemDefinition),
        };
        properties["metadata"] = Described(Reference(ListMeta), "Standard list metadata.");
        return new JsonObject
        {
            ["description"] = $"{list.Gvk.Kind} is a list of {list.Gvk.Kind[..^"List".Length]} objects.",
            ["type"] = "object",
            ["required"] = new JsonArray("items"),
            ["properties"] = properties,
            ["x-kubernetes-group-version-kind"] = new JsonArray(list.Gvk.ToJson()),
        };
    }

    private JsonObject Field(FieldSchema field, MessageSchema declaring)
    {
        var element = Element(field.Type);
        JsonObject schema;
        switch (field.Type.Shape)
        {
            case FieldShape.List:
                schema = Described(new JsonObject(), field.Description);
                schema["type"] = "array";
                schema["items"] = element;
                break;
            case FieldShape.Map:
                schema = Described(new JsonObject(), field.Description);
                schema["type"] = "object";
                schema["additionalProperties"] = element;
                break;
            default:
                schema = Described(element, field.Description);
                break;
        }

        if (_patches.TryGetMergeKey(declaring, field, out var mergeKey))
        {
            if (mergeKey.Length > 0)
            {
                schema["x-kubernetes-patch-merge-key"] = mergeKey;
            }

            schema["x-kubernetes-patch-strategy"] = "merge";
        }

        return schema;
    }

    /// <summary>The schema of one value of a field (an element of a list, a value of a map).</summary>
    private JsonObject Element(FieldType type) => type.Kind switch
    {
        FieldKind.String => new() { ["type"] = "string" },
        FieldKind.Int32 => new() { ["type"] = "integer", ["format"] = "int32" },
        FieldKind.Int64 => new() { ["type"] = "integer", ["format"] = "int64" },
        FieldKind.Bool => new() { ["type"] = "boolean" },
        FieldKind.Double => new() { ["type"] = "number", ["format"] = "double" },
        FieldKind.Bytes => new() { ["type"] = "string", ["format"] = "byte" },
        FieldKind.Message => Reference(type.MessageName!),
        _ => Reference(WellKnownDefinitions.For(type.Kind)!),
    };

    // A description beside a reference: v2 keeps it as a sibling (as Kubernetes does), v3 wraps the reference in allOf.
    private JsonObject Described(JsonObject schema, string description)
    {
        if (description.Length == 0)
        {
            return schema;
        }

        if (_dialect == SchemaDialect.OpenApi3 && schema.ContainsKey("$ref"))
        {
            return new JsonObject { ["allOf"] = new JsonArray(schema), ["description"] = description };
        }

        var described = new JsonObject { ["description"] = description };
        foreach (var (key, value) in schema.ToList())
        {
            schema.Remove(key);
            described[key] = value;
        }

        return described;
    }

    private static void AddTypeMeta(JsonObject properties)
    {
        properties["apiVersion"] = new JsonObject { ["description"] = ApiVersionDescription, ["type"] = "string" };
        properties["kind"] = new JsonObject { ["description"] = KindDescription, ["type"] = "string" };
    }
}
