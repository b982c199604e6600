using System.Text.Json.Nodes;

namespace Orchestrator.Scheduler.Framework;

/// <summary>One of a node's spec.taints.</summary>
public sealed class Taint
{
    /// <summary>The taint Kubernetes' node lifecycle controller puts on a node whose Ready condition is False.</summary>
    public const string NotReadyKey = "node.kubernetes.io/not-ready";

    /// <summary>The taint put on a node whose Ready condition is Unknown (its kubelet stopped reporting).</summary>
    public const string UnreachableKey = "node.kubernetes.io/unreachable";

    /// <summary>The taint that spec.unschedulable stands for (a cordoned node).</summary>
    public const string UnschedulableKey = "node.kubernetes.io/unschedulable";

    public Taint(string key, string value, TaintEffect effect)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        Key = key;
        Value = value;
        Effect = effect;
        UntoleratedReason = $"node(s) had untolerated taint {{{key}: {value}}}";
        UntoleratedStatus = Status.Unresolvable(Plugins.PluginNames.TaintToleration, UntoleratedReason);
    }

    public string Key { get; }

    public string Value { get; }

    public TaintEffect Effect { get; }

    /// <summary>TaintToleration's reason when a pod does not tolerate this taint, worded as Kubernetes does.</summary>
    public string UntoleratedReason { get; }

    /// <summary>TaintToleration's verdict for a pod that does not tolerate this taint, made once per taint.</summary>
    internal Status UntoleratedStatus { get; }

    public static Taint FromJson(JsonObject taint)
    {
        ArgumentNullException.ThrowIfNull(taint);
        return new Taint(Json.String(taint, "key") ?? string.Empty, Json.String(taint, "value") ?? string.Empty,
            TaintEffects.Parse(Json.String(taint, "effect")));
    }

    public override string ToString() => $"{Key}={Value}:{Effect}";
}
