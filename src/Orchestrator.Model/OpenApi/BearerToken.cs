using System.Text.Json.Nodes;

namespace Orchestrator.Model.OpenApi;

/// <summary>The API's one security scheme, a bearer token, as both OpenAPI versions declare it.</summary>
internal static class BearerToken
{
    public static JsonObject Schemes() => new()
    {
        ["BearerToken"] = new JsonObject
        {
            ["description"] = "Bearer Token authentication",
            ["in"] = "header",
            ["name"] = "authorization",
            ["type"] = "apiKey",
        },
    };

    public static JsonArray Requirement() => new(new JsonObject { ["BearerToken"] = new JsonArray() });
}
