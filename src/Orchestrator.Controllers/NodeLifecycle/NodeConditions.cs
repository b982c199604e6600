using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.NodeLifecycle;

/// <summary>Reads a node's status.conditions.</summary>
public static class NodeConditions
{
    public static JsonObject? Get(JsonObject node, string type) =>
        (KubeObject.Get(node, "status", "conditions") as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(c => c["type"] is JsonValue v && v.TryGetValue<string>(out var t) && t == type);

    /// <summary>The condition's status ("True", "False", "Unknown"), or null when the node has no such condition.</summary>
    public static string? Status(JsonObject node, string type) => Get(node, type) is { } c ? KubeObject.GetString(c, "status") : null;
}
