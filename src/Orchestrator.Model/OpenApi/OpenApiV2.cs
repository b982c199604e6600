using System.Text.Json.Nodes;

namespace Orchestrator.Model.OpenApi;

/// <summary>
/// The Swagger 2.0 document Kubernetes serves at <c>/openapi/v2</c>: every served operation under
/// <c>paths</c> and every definition they reach. kubectl reads it (as gnostic protobuf, see
/// <see cref="GnosticProtobuf"/>) to validate manifests, to explain fields and to pick patch types.
/// </summary>
public static class OpenApiV2
{
    public static JsonObject Build(IEnumerable<OpenApiResource> resources, OpenApiOptions? options = null)
    {
        var api = new ServedApi(resources, options ?? OpenApiOptions.Default);
        var definitions = api.Definitions(SchemaDialect.Swagger2);
        var paths = new JsonObject();
        foreach (var group in api.Operations.GroupBy(o => o.Path))
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
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = api.Options.ServerVersion },
            ["paths"] = paths,
            ["definitions"] = definitions.Build(),
            ["securityDefinitions"] = BearerToken.Schemes(),
            ["security"] = BearerToken.Requirement(),
        };
    }

    private static JsonObject Operation(ApiOperation operation, DefinitionSet definitions)
    {
        var parameters = new JsonArray();
        if (operation.Body is { } body)
        {
            var parameter = new JsonObject { ["in"] = "body", ["name"] = "body" };
            if (operation.BodyRequired)
            {
                parameter["required"] = true;
            }

            parameter["schema"] = definitions.Reference(body);
            parameters.Add(parameter);
        }

        foreach (var parameter in operation.Parameters)
        {
            parameters.Add(Parameter(parameter));
        }

        var responses = new JsonObject();
        foreach (var response in operation.Responses)
        {
            var entry = new JsonObject { ["description"] = response.Description };
            if (response.Definition is { } definition)
            {
                entry["schema"] = definitions.Reference(definition);
            }

            responses[response.Code] = entry;
        }

        var json = new JsonObject
        {
            ["consumes"] = Strings(operation.Consumes),
            ["description"] = operation.Description,
            ["operationId"] = operation.OperationId,
        };
        if (parameters.Count > 0)
        {
            json["parameters"] = parameters;
        }

        json["produces"] = Strings(operation.Produces);
        json["responses"] = responses;
        json["tags"] = new JsonArray(operation.Tag);
        json["x-kubernetes-action"] = operation.Action;
        json["x-kubernetes-group-version-kind"] = operation.Gvk.ToJson();
        return json;
    }

    private static JsonObject Parameter(ApiParameter parameter)
    {
        var json = new JsonObject
        {
            ["description"] = parameter.Description,
            ["in"] = parameter.In,
            ["name"] = parameter.Name,
        };
        if (parameter.Required)
        {
            json["required"] = true;
        }

        json["type"] = parameter.Type;
        json["uniqueItems"] = true;
        return json;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
