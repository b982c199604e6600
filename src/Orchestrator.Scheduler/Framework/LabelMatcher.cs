using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Orchestrator.Model.Selectors;

namespace Orchestrator.Scheduler.Framework;

/// <summary>
/// A label selector compiled for the scheduler's inner loops: the requirements of a
/// <see cref="LabelSelector"/> (parsed and validated by Orchestrator.Model) as arrays, matched against
/// a <see cref="Dictionary{TKey, TValue}"/> without allocating. Semantics are labels.Selector's:
/// NotIn and != also match a missing key; Gt and Lt need the label to be an integer.
/// </summary>
public sealed class LabelMatcher
{
    private readonly LabelRequirementData[] _requirements;
    private readonly string _text;

    private LabelMatcher(LabelRequirementData[] requirements, bool nothing, string text)
    {
        _requirements = requirements;
        IsNothing = nothing;
        _text = text;
    }

    /// <summary>Matches every set of labels (an empty selector).</summary>
    public static LabelMatcher Everything { get; } = new([], false, string.Empty);

    /// <summary>Matches nothing (a null selector, or one that did not parse).</summary>
    public static LabelMatcher Nothing { get; } = new([], true, "<nothing>");

    public bool IsNothing { get; }

    /// <summary>No requirement at all: matches everything.</summary>
    public bool IsEverything => !IsNothing && _requirements.Length == 0;

    public static LabelMatcher FromSelector(LabelSelector selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return selector.IsNothing ? Nothing : FromRequirements(selector.Requirements);
    }

    /// <summary>
    /// A metav1.LabelSelector (matchLabels, matchExpressions) as LabelSelectorAsSelector reads it: null
    /// selects nothing, {} everything. One the API should have refused selects nothing.
    /// </summary>
    public static LabelMatcher FromJson(JsonObject? selector)
    {
        try
        {
            return FromSelector(LabelSelector.FromJson(selector));
        }
        catch (FormatException)
        {
            return Nothing;
        }
    }

    public static LabelMatcher FromRequirements(IEnumerable<LabelRequirement> requirements)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        var list = requirements.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        var compiled = new LabelRequirementData[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            compiled[i] = LabelRequirementData.From(list[i]);
        }

        return new LabelMatcher(compiled, false, string.Join(",", list.Select(r => r.ToString())));
    }

    /// <summary>Whether the labels satisfy every requirement.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Matches(Dictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (IsNothing)
        {
            return false;
        }

        foreach (ref readonly var requirement in _requirements.AsSpan())
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The selector syntax (<c>app=web,tier in (a,b)</c>); empty for everything.</summary>
    public override string ToString() => _text;
}
