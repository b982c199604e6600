using System.Text.Json.Nodes;

namespace Orchestrator.Model.Tests.OpenApi;

/// <summary>Every node of a JSON tree, for assertions over a whole document.</summary>
internal static class JsonWalk
{
    public static IEnumerable<JsonObject> Objects(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                yield return obj;
                foreach (var (_, value) in obj)
                {
                    foreach (var inner in Objects(value))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray array:
                foreach (var element in array)
                {
                    foreach (var inner in Objects(element))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    public static IEnumerable<string> References(JsonNode? node) =>
        Objects(node).Where(o => o["$ref"] is JsonValue).Select(o => o["$ref"]!.GetValue<string>());
}
