using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Objects;

namespace Orchestrator.Api.Entities;

/// <summary>How long a delete waits before the object is gone (Kubernetes' graceful deletion).</summary>
public static class GracefulDeletion
{
    /// <summary>
    /// 0 removes the object at once. Kinds without graceful deletion always answer 0. A pod that was
    /// never scheduled or has finished has no process to stop, so it goes at once too, as in Kubernetes.
    /// </summary>
    /// <summary>
    /// What must be cleared before a deleting object goes: metadata.finalizers, and for a namespace also
    /// spec.finalizers (the namespace controller's "kubernetes", cleared through /finalize once it is empty).
    /// </summary>
    public static IReadOnlyList<string> PendingFinalizers(ResourceType type, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(type);
        var finalizers = KubeObject.Finalizers(obj);
        if (IsNamespace(type) && KubeObject.Get(obj, "spec", "finalizers") is JsonArray spec && spec.Count > 0)
        {
            return [.. finalizers, .. spec.Select(f => f?.ToString() ?? "")];
        }

        return finalizers;
    }

    /// <summary>What a deletion that must wait marks besides deletionTimestamp: a namespace turns Terminating.</summary>
    public static void MarkDeleting(ResourceType type, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (IsNamespace(type))
        {
            KubeObject.EnsureObject(obj, "status")["phase"] = "Terminating";
        }
    }

    public static long GracePeriodSeconds(ResourceType type, JsonObject obj, long? requested)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.Strategy.DefaultGracePeriodSeconds(obj) is not { } defaultGrace)
        {
            return 0;
        }

        if (type.Kind == "Pod" && type.Group.Length == 0)
        {
            var phase = KubeObject.GetString(obj, "status", "phase");
            if (string.IsNullOrEmpty(KubeObject.GetString(obj, "spec", "nodeName")) || phase is "Succeeded" or "Failed")
            {
                return 0;
            }
        }

        return Math.Max(0, requested ?? defaultGrace);
    }

    private static bool IsNamespace(ResourceType type) => type.Kind == "Namespace" && type.Group.Length == 0;
}
