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
}
