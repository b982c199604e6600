using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Orchestrator.Scheduler.Framework;

/// <summary>One of a pod's spec.tolerations, matched against taints as Kubernetes' Toleration.ToleratesTaint.</summary>
public sealed class Toleration
{
    public Toleration(string key, TolerationOperator op, string value, TaintEffect effect)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        Key = key;
        Operator = op;
        Value = value;
        Effect = effect;
    }

    /// <summary>Empty matches every key (with Exists).</summary>
    public string Key { get; }

    public TolerationOperator Operator { get; }

    public string Value { get; }

    /// <summary><see cref="TaintEffect.All"/> when the toleration names no effect.</summary>
    public TaintEffect Effect { get; }

    public static Toleration FromJson(JsonObject toleration)
    {
        ArgumentNullException.ThrowIfNull(toleration);
        var op = Json.String(toleration, "operator") switch
        {
            null or "" or "Equal" => TolerationOperator.Equal,
            "Exists" => TolerationOperator.Exists,
            _ => TolerationOperator.Unknown,
        };
        return new Toleration(Json.String(toleration, "key") ?? string.Empty, op, Json.String(toleration, "value") ?? string.Empty,
            TaintEffects.Parse(Json.String(toleration, "effect")));
    }

    /// <summary>Whether this toleration tolerates the taint: same effect (or none), same key (or none), and the value per the operator.</summary>
    public bool Tolerates(Taint taint)
    {
        ArgumentNullException.ThrowIfNull(taint);
        if (Effect != TaintEffect.All && Effect != taint.Effect)
        {
            return false;
        }

        if (Key.Length > 0 && !string.Equals(Key, taint.Key, StringComparison.Ordinal))
        {
            return false;
        }

        return Operator switch
        {
            TolerationOperator.Exists => true,
            TolerationOperator.Equal => string.Equals(Value, taint.Value, StringComparison.Ordinal),
            _ => false,
        };
    }

    /// <summary>Whether any of the tolerations tolerates the taint (Kubernetes' TolerationsTolerateTaint).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool AnyTolerates(ReadOnlySpan<Toleration> tolerations, Taint taint)
    {
        foreach (var toleration in tolerations)
        {
            if (toleration.Tolerates(taint))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => $"{Key} {Operator} {Value}:{Effect}";
}
