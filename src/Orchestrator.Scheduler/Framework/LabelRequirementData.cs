using System.Globalization;
using Orchestrator.Model.Selectors;

namespace Orchestrator.Scheduler.Framework;

/// <summary>One compiled requirement of a <see cref="LabelMatcher"/>.</summary>
internal readonly struct LabelRequirementData
{
    private readonly string _key;
    private readonly SelectorOperator _operator;
    private readonly string[] _values;
    private readonly long _bound;
    private readonly bool _boundValid;

    private LabelRequirementData(string key, SelectorOperator op, string[] values)
    {
        _key = key;
        _operator = op;
        _values = values;
        _boundValid = values.Length == 1 && TryParseInteger(values[0], out _bound);
    }

    public static LabelRequirementData From(LabelRequirement requirement) =>
        new(requirement.Key, requirement.Operator, [.. requirement.Values]);

    public bool Matches(Dictionary<string, string> labels)
    {
        var has = labels.TryGetValue(_key, out var value);
        switch (_operator)
        {
            case SelectorOperator.In:
            case SelectorOperator.Equals:
            case SelectorOperator.DoubleEquals:
                return has && Contains(value!);
            case SelectorOperator.NotIn:
            case SelectorOperator.NotEquals:
                return !has || !Contains(value!);
            case SelectorOperator.Exists:
                return has;
            case SelectorOperator.DoesNotExist:
                return !has;
            case SelectorOperator.GreaterThan:
                return has && _boundValid && TryParseInteger(value!, out var greater) && greater > _bound;
            case SelectorOperator.LessThan:
                return has && _boundValid && TryParseInteger(value!, out var less) && less < _bound;
            default:
                return false;
        }
    }

    private bool Contains(string value)
    {
        foreach (var candidate in _values)
        {
            if (string.Equals(candidate, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // Go's strconv.ParseInt(s, 10, 64), as labels.Requirement parses Gt and Lt operands.
    private static bool TryParseInteger(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}
