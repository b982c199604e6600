using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Ownership;

/// <summary>
/// The controller owner reference (metadata.ownerReferences[controller=true]) that ties a pod to its ReplicaSet
/// or a ReplicaSet to its Deployment, and the patches that adopt and release objects, as Kubernetes'
/// ControllerRefManager writes them (strategic merge by uid, with the object's uid as a precondition).
/// </summary>
public static class ControllerRefs
{
    /// <summary>The owner reference marked controller=true, or null for an orphan.</summary>
    public static JsonObject? Of(JsonObject obj) =>
        KubeObject.Get(obj, "metadata", "ownerReferences") is JsonArray refs
            ? refs.OfType<JsonObject>().FirstOrDefault(r => r["controller"] is JsonValue v && v.TryGetValue<bool>(out var c) && c)
            : null;

    /// <summary>The controller's uid, or null for an orphan.</summary>
    public static string? UidOf(JsonObject obj) => Of(obj) is { } owner ? KubeObject.GetString(owner, "uid") : null;

    /// <summary>The key ("namespace/name") of the object's controller when it is of <paramref name="kind"/>, else null.</summary>
    public static string? KeyOf(JsonObject obj, string kind) =>
        Of(obj) is { } owner && KubeObject.GetString(owner, "kind") == kind && KubeObject.GetString(owner, "name") is { Length: > 0 } name
            ? $"{KubeObject.Namespace(obj)}/{name}"
            : null;

    /// <summary>True when the object's controller is exactly <paramref name="owner"/> (same uid).</summary>
    public static bool IsControlledBy(JsonObject obj, JsonObject owner) =>
        Of(obj) is { } reference && KubeObject.GetString(reference, "uid") == KubeObject.Uid(owner);

    /// <summary>A controller reference to <paramref name="owner"/> (metav1.NewControllerRef): controller and blockOwnerDeletion set.</summary>
    public static JsonObject New(JsonObject owner, string apiVersion, string kind)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = kind,
            ["name"] = KubeObject.Name(owner),
            ["uid"] = KubeObject.Uid(owner),
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        };
    }

    /// <summary>The strategic merge patch that makes <paramref name="owner"/> the controller of the object with <paramref name="uid"/>.</summary>
    public static JsonObject AdoptPatch(JsonObject owner, string apiVersion, string kind, string uid) =>
        new() { ["metadata"] = new JsonObject { ["ownerReferences"] = new JsonArray(New(owner, apiVersion, kind)), ["uid"] = uid } };

    /// <summary>The strategic merge patch that removes the owner reference with <paramref name="ownerUid"/> from the object with <paramref name="uid"/>.</summary>
    public static JsonObject ReleasePatch(string ownerUid, string uid) =>
        new()
        {
            ["metadata"] = new JsonObject
            {
                ["ownerReferences"] = new JsonArray(new JsonObject { ["$patch"] = "delete", ["uid"] = ownerUid }),
                ["uid"] = uid,
            },
        };
}
