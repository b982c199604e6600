using System.Text.Json.Nodes;

namespace Orchestrator.Model.OpenApi;

/// <summary>
/// The OpenAPI 3.0 documents Kubernetes serves: one per group version at <c>/openapi/v3/{path}</c>
/// (paths of that group version and the component schemas they reach) and the discovery document at
/// <c>/openapi/v3</c> pointing at each by a content-hashed URL. kubectl explain, kubectl apply's patch
/// computation and its field-validation check read them.
/// </summary>
public static class OpenApiV3
{
    /// <summary>One document per group version, keyed by its path: "api/v1", "apis/apps/v1".</summary>
    public static IReadOnlyDictionary<string, JsonObject> Build(IEnumerable<OpenApiResource> resources, OpenApiOptions? options = null)
    {
        var api = new ServedApi(resources, options ?? OpenApiOptions.Default);
        var documents = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var groupVersion in api.Operations.GroupBy(o => o.GroupVersionPath))
        {
            documents[groupVersion.Key] = Document(api, groupVersion);
        }

        return documents;
    }

    /// <summary>The discovery document: each group version's path with its URL, <c>?hash=</c> its content hash.</summary>
    public static JsonObject Discovery(IEnumerable<KeyValuePair<string, string>> hashesByPath)
    {
        ArgumentNullException.ThrowIfNull(hashesByPath);
        var paths = new JsonObject();
        foreach (var (path, hash) in hashesByPath.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            paths[path] = new JsonObject { ["serverRelativeURL"] = ServerRelativeUrl(path, hash) };
        }

        return new JsonObject { ["paths"] = paths };
    }

    public static string ServerRelativeUrl(string path, string hash)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(hash);
        return $"/openapi/v3/{path}?hash={hash}";
    }

    private static JsonObject Document(ServedApi api, IEnumerable<ApiOperation> operations)
    {
        var definitions = api.Definitions(SchemaDialect.OpenApi3);
        var paths = new JsonObject();
        foreach (var group in operations.GroupBy(o => o.Path))
        {
            var item = new JsonObject();
            foreach (var operation in group)
            {
                item[operation.Method] = Operation(operation, definitions);
            }

            item["parameters"] = new JsonArray([.. group.First().PathParameters.Select(p => (JsonNode)Parameter(p))]);
            paths[group.Key] = item;
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = api.Options.ServerVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = definitions.Build(),
                ["securitySchemes"] = BearerToken.Schemes(),
            },
            ["security"] = BearerToken.Requirement(),
        };
    }

    private static JsonObject Operation(ApiOperation operation, DefinitionSet definitions)
    {
        var json = new JsonObject
        {
            ["tags"] = new JsonArray(operation.Tag),
            ["description"] = operation.Description,
            ["operationId"] = operation.OperationId,
        };
        if (operation.Parameters.Count > 0)
        {
            json["parameters"] = new JsonArray([.. operation.Parameters.Select(p => (JsonNode)Parameter(p))]);
        }

        if (operation.Body is { } body)
        {
            var requestBody = new JsonObject { ["content"] = Content(operation.Consumes, body, definitions) };
            if (operation.BodyRequired)
            {
                requestBody["required"] = true;
            }

            json["requestBody"] = requestBody;
        }

        var responses = new JsonObject();
        foreach (var response in operation.Responses)
        {
            var entry = new JsonObject { ["description"] = response.Description };
            if (response.Definition is { } definition)
            {
                entry["content"] = Content(operation.Produces, definition, definitions);
            }

            responses[response.Code] = entry;
        }

        json["responses"] = responses;
        json["x-kubernetes-action"] = operation.Action;
        json["x-kubernetes-group-version-kind"] = operation.Gvk.ToJson();
        return json;
    }

    private static JsonObject Content(IEnumerable<string> mediaTypes, string definition, DefinitionSet definitions)
    {
        var content = new JsonObject();
        foreach (var mediaType in mediaTypes)
        {
            content[mediaType] = new JsonObject { ["schema"] = definitions.Reference(definition) };
        }

        return content;
    }

    private static JsonObject Parameter(ApiParameter parameter)
    {
        var json = new JsonObject
        {
            ["name"] = parameter.Name,
            ["in"] = parameter.In,
            ["description"] = parameter.Description,
        };
        if (parameter.Required)
        {
            json["required"] = true;
        }

        json["schema"] = new JsonObject { ["type"] = parameter.Type, ["uniqueItems"] = true };
        return json;
    }
}
