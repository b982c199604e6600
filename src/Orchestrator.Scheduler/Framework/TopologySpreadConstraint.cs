using System.Text.Json.Nodes;
using Orchestrator.Model.Selectors;

namespace Orchestrator.Scheduler.Framework;

/// <summary>
/// One of spec.topologySpreadConstraints, parsed as Kubernetes' PodTopologySpread reads it: the selector
/// with the owning pod's values for matchLabelKeys merged in, minDomains 1 when unset, nodeAffinityPolicy
/// Honor and nodeTaintsPolicy Ignore when unset.
/// </summary>
public sealed class TopologySpreadConstraint
{
    public const string HostnameKey = "kubernetes.io/hostname";

    public TopologySpreadConstraint(int maxSkew, string topologyKey, bool doNotSchedule, LabelMatcher selector, int minDomains,
        bool honorNodeAffinity, bool honorNodeTaints)
    {
        ArgumentNullException.ThrowIfNull(topologyKey);
        ArgumentNullException.ThrowIfNull(selector);
        MaxSkew = maxSkew;
        TopologyKey = topologyKey;
        DoNotSchedule = doNotSchedule;
        Selector = selector;
        MinDomains = minDomains;
        HonorNodeAffinity = honorNodeAffinity;
        HonorNodeTaints = honorNodeTaints;
    }

    public int MaxSkew { get; }

    public string TopologyKey { get; }

    /// <summary>whenUnsatisfiable DoNotSchedule (a filter); otherwise ScheduleAnyway (a score).</summary>
    public bool DoNotSchedule { get; }

    public LabelMatcher Selector { get; }

    public int MinDomains { get; }

    /// <summary>nodeAffinityPolicy Honor: only nodes matching the pod's nodeSelector/required affinity count.</summary>
    public bool HonorNodeAffinity { get; }

    /// <summary>nodeTaintsPolicy Honor: only nodes whose NoSchedule/NoExecute taints the pod tolerates count.</summary>
    public bool HonorNodeTaints { get; }

    public static TopologySpreadConstraint FromJson(JsonObject constraint, IReadOnlyDictionary<string, string> podLabels)
    {
        ArgumentNullException.ThrowIfNull(constraint);
        ArgumentNullException.ThrowIfNull(podLabels);
        LabelMatcher selector;
        try
        {
            var parsed = LabelSelector.FromJson(Json.Object(constraint, "labelSelector"));
            var extra = new List<LabelRequirement>();
            foreach (var key in Json.Strings(constraint, "matchLabelKeys"))
            {
                if (podLabels.TryGetValue(key, out var value))
                {
                    extra.Add(LabelRequirement.Create(key, SelectorOperator.In, [value]));
                }
            }

            selector = LabelMatcher.FromSelector(extra.Count == 0 ? parsed : parsed.Add([.. extra]));
        }
        catch (FormatException)
        {
            selector = LabelMatcher.Nothing;
        }

        var minDomains = Json.Integer(constraint, "minDomains") is { } min and > 0 and <= int.MaxValue ? (int)min : 1;
        var maxSkew = Json.Integer(constraint, "maxSkew") is { } skew and > 0 and <= int.MaxValue ? (int)skew : 1;
        return new TopologySpreadConstraint(
            maxSkew,
            Json.String(constraint, "topologyKey") ?? string.Empty,
            Json.String(constraint, "whenUnsatisfiable") != "ScheduleAnyway",
            selector,
            minDomains,
            Json.String(constraint, "nodeAffinityPolicy") != "Ignore",
            Json.String(constraint, "nodeTaintsPolicy") == "Honor");
    }

    public override string ToString() =>
        $"{TopologyKey} maxSkew={MaxSkew} {(DoNotSchedule ? "DoNotSchedule" : "ScheduleAnyway")} {{{Selector}}}";
}
