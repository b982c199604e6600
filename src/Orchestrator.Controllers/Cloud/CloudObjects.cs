using System.Text.Json.Nodes;
using Orchestrator.Client.Events;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Cloud;

/// <summary>What the cloud loops read of Nodes and how they refer to objects in Events.</summary>
internal static class CloudObjects
{
    /// <summary>The label that keeps a node out of load balancers' backends.</summary>
    public const string ExcludeFromLoadBalancersLabel = "node.kubernetes.io/exclude-from-external-load-balancers";

    public static bool IsReady(JsonObject node) =>
        (KubeObject.Get(node, "status", "conditions") as JsonArray ?? [])
            .OfType<JsonObject>()
            .Any(c => KubeObject.GetString(c, "type") == "Ready" && KubeObject.GetString(c, "status") == "True");

    public static IReadOnlyList<JsonObject> Taints(JsonObject node) =>
        (KubeObject.Get(node, "spec", "taints") as JsonArray ?? []).OfType<JsonObject>().ToList();

    public static bool HasTaint(JsonObject node, string key) => Taints(node).Any(t => KubeObject.GetString(t, "key") == key);

    /// <summary>spec.taints without the taints of this key, as a new array for a patch.</summary>
    public static JsonArray TaintsWithout(JsonObject node, string key) =>
        new([.. Taints(node).Where(t => KubeObject.GetString(t, "key") != key).Select(t => t.DeepClone())]);

    public static ObjectReference Reference(string kind, JsonObject obj) =>
        new(kind, KubeObject.Namespace(obj), KubeObject.Name(obj)!)
        {
            ApiVersion = "v1",
            Uid = KubeObject.Uid(obj),
            ResourceVersion = KubeObject.ResourceVersion(obj),
        };
}
