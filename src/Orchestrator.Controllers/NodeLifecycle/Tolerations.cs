using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.NodeLifecycle;

/// <summary>Whether a pod's tolerations tolerate a node's taints (Kubernetes' Toleration.ToleratesTaint).</summary>
public static class Tolerations
{
    /// <summary>The pod template's or pod's spec.tolerations.</summary>
    public static IReadOnlyList<JsonObject> Of(JsonObject? podSpec) =>
        podSpec?["tolerations"] is JsonArray list ? [.. list.OfType<JsonObject>()] : [];

    public static bool Tolerates(JsonObject toleration, JsonObject taint)
    {
        var effect = Text(toleration, "effect");
        if (effect.Length > 0 && effect != (NodeTaints.Effect(taint) ?? ""))
        {
            return false;
        }

        var key = Text(toleration, "key");
        var op = Text(toleration, "operator");
        if (key.Length == 0)
        {
            // An empty key with Exists tolerates everything (of the effect).
            return op == "Exists";
        }

        if (key != (NodeTaints.Key(taint) ?? ""))
        {
            return false;
        }

        return op switch
        {
            "Exists" => true,
            "" or "Equal" => Text(toleration, "value") == (NodeTaints.Value(taint) ?? ""),
            _ => false,
        };
    }

    /// <summary>True when some toleration tolerates the taint.</summary>
    public static bool Tolerated(IReadOnlyList<JsonObject> tolerations, JsonObject taint) => tolerations.Any(t => Tolerates(t, taint));

    /// <summary>
    /// How long a pod may stay on a node with these NoExecute taints (Kubernetes' getMinTolerationTime over the
    /// tolerations used): null when some taint is not tolerated (evict now), <see cref="TimeSpan.MaxValue"/> when
    /// every one is tolerated forever.
    /// </summary>
    public static TimeSpan? TimeAllowed(IReadOnlyList<JsonObject> tolerations, IReadOnlyList<JsonObject> noExecuteTaints)
    {
        var allowed = TimeSpan.MaxValue;
        foreach (var taint in noExecuteTaints)
        {
            var used = tolerations.Where(t => Tolerates(t, taint)).ToList();
            if (used.Count == 0)
            {
                return null;
            }

            foreach (var toleration in used)
            {
                if (KubeObject.GetInt64(toleration, "tolerationSeconds") is { } seconds)
                {
                    var time = TimeSpan.FromSeconds(Math.Max(0, seconds));
                    if (time < allowed)
                    {
                        allowed = time;
                    }
                }
            }
        }

        return allowed;
    }

    private static string Text(JsonObject obj, string field) => obj[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
