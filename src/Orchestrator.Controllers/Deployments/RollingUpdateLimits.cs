using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Deployments;

/// <summary>
/// A Deployment's maxSurge and maxUnavailable as counts (Kubernetes' ResolveFenceposts): percentages of
/// spec.replicas rounded up for surge and down for unavailability, and never both zero (then one may be unavailable).
/// Recreate has neither.
/// </summary>
public static class RollingUpdateLimits
{
    public static bool IsRollingUpdate(JsonObject deployment) =>
        (KubeObject.GetString(deployment, "spec", "strategy", "type") ?? "RollingUpdate") == "RollingUpdate";

    public static int Replicas(JsonObject deployment) => (int)(KubeObject.GetInt64(deployment, "spec", "replicas") ?? 1);

    public static int MaxSurge(JsonObject deployment) =>
        IsRollingUpdate(deployment) ? Resolve(deployment).Surge : 0;

    public static int MaxUnavailable(JsonObject deployment)
    {
        var replicas = Replicas(deployment);
        if (!IsRollingUpdate(deployment) || replicas == 0)
        {
            return 0;
        }

        return Math.Min(Resolve(deployment).Unavailable, replicas);
    }

    /// <summary>An int or a percentage of <paramref name="total"/>, rounded up or down (intstr.GetScaledValueFromIntOrPercent).</summary>
    public static int Scaled(JsonNode? value, int total, bool roundUp, int fallback)
    {
        if (value is JsonValue v && v.TryGetValue<long>(out var number))
        {
            return (int)number;
        }

        if (value is JsonValue s && s.TryGetValue<string>(out var text) && text.EndsWith('%')
            && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
        {
            var scaled = (long)percent * total;
            return (int)(roundUp ? (scaled + 99) / 100 : scaled / 100);
        }

        return fallback;
    }

    private static (int Surge, int Unavailable) Resolve(JsonObject deployment)
    {
        var replicas = Replicas(deployment);
        var rollingUpdate = KubeObject.Get(deployment, "spec", "strategy", "rollingUpdate") as JsonObject;
        var surge = Scaled(rollingUpdate?["maxSurge"] ?? "25%", replicas, roundUp: true, 0);
        var unavailable = Scaled(rollingUpdate?["maxUnavailable"] ?? "25%", replicas, roundUp: false, 0);
        return surge == 0 && unavailable == 0 ? (0, 1) : (surge, unavailable);
    }
}
