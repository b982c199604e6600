using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Ownership;

/// <summary>metadata.ownerReferences as controllers write and read them (Kubernetes' metav1.NewControllerRef, GetControllerOf).</summary>
public static class OwnerReferences
{
    /// <summary>The reference a controller puts on what it creates: controller and blockOwnerDeletion true.</summary>
    public static JsonObject ControllerRef(JsonObject owner, string apiVersion, string kind) => new()
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = kind,
        ["name"] = KubeObject.Name(owner),
        ["uid"] = KubeObject.Uid(owner),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    /// <summary>The object's controller reference (the one with controller: true), or null.</summary>
    public static JsonObject? ControllerOf(JsonObject obj) =>
        (KubeObject.Get(obj, "metadata", "ownerReferences") as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(r => r["controller"] is JsonValue v && v.TryGetValue<bool>(out var c) && c);

    /// <summary>The key ("namespace/name") of the object's controller when it is of <paramref name="kind"/>, else null.</summary>
    public static string? ControllerKey(JsonObject obj, string kind) =>
        ControllerOf(obj) is { } owner && KubeObject.GetString(owner, "kind") == kind && KubeObject.GetString(owner, "name") is { Length: > 0 } name
            ? $"{KubeObject.Namespace(obj)}/{name}"
            : null;

    /// <summary>True when the object's controller is exactly <paramref name="owner"/> (same uid).</summary>
    public static bool IsControlledBy(JsonObject obj, JsonObject owner) =>
        ControllerOf(obj) is { } reference && KubeObject.GetString(reference, "uid") == KubeObject.Uid(owner);
}
