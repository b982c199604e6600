using System.Globalization;
using Orchestrator.Model.Validation;

namespace Orchestrator.Model.Selectors;

/// <summary>One condition of a label selector: a key, an operator and the values it relates them to.</summary>
public sealed class LabelRequirement
{
    private static readonly string[] OperatorNames = ["in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"];

    private readonly string[] _values;

    private LabelRequirement(string key, SelectorOperator op, string[] values)
    {
        Key = key;
        Operator = op;
        _values = values;
    }

    public string Key { get; }

    public SelectorOperator Operator { get; }

    public IReadOnlyList<string> Values => _values;

    /// <summary>
    /// A validated requirement (Kubernetes' NewRequirement): the key must be a qualified name, the values
    /// valid label values, and their number must suit the operator. Throws <see cref="FormatException"/>
    /// with Kubernetes' aggregated message otherwise.
    /// </summary>
    public static LabelRequirement Create(string key, SelectorOperator op, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(values);
        var list = values.ToArray();
        var errors = Validate(key, op, list);
        return errors.IsEmpty ? new LabelRequirement(key, op, list) : throw new FormatException(errors.ToString());
    }

    /// <summary>Does a set of labels satisfy this requirement?</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var has = labels.TryGetValue(Key, out var value);
        switch (Operator)
        {
            case SelectorOperator.In:
            case SelectorOperator.Equals:
            case SelectorOperator.DoubleEquals:
                return has && _values.Contains(value!, StringComparer.Ordinal);
            case SelectorOperator.NotIn:
            case SelectorOperator.NotEquals:
                return !has || !_values.Contains(value!, StringComparer.Ordinal);
            case SelectorOperator.Exists:
                return has;
            case SelectorOperator.DoesNotExist:
                return !has;
            case SelectorOperator.GreaterThan:
            case SelectorOperator.LessThan:
                if (!has || _values.Length != 1
                    || !TryParseInteger(value!, out var actual) || !TryParseInteger(_values[0], out var bound))
                {
                    return false;
                }

                return Operator == SelectorOperator.GreaterThan ? actual > bound : actual < bound;
            default:
                return false;
        }
    }

    /// <summary>The selector syntax of this requirement, values sorted: <c>env in (dev,prod)</c>, <c>!canary</c>.</summary>
    public override string ToString()
    {
        var values = _values.Length == 1 ? _values[0] : string.Join(",", _values.Order(StringComparer.Ordinal));
        return Operator switch
        {
            SelectorOperator.Exists => Key,
            SelectorOperator.DoesNotExist => "!" + Key,
            SelectorOperator.Equals => Key + "=" + values,
            SelectorOperator.DoubleEquals => Key + "==" + values,
            SelectorOperator.NotEquals => Key + "!=" + values,
            SelectorOperator.In => Key + " in (" + values + ")",
            SelectorOperator.NotIn => Key + " notin (" + values + ")",
            SelectorOperator.GreaterThan => Key + ">" + values,
            _ => Key + "<" + values,
        };
    }

    // No validation: for requirements built from already valid sets (Kubernetes' SelectorFromValidatedSet).
    internal static LabelRequirement Unchecked(string key, SelectorOperator op, params string[] values) => new(key, op, values);

    private static FieldErrorList Validate(string key, SelectorOperator op, string[] values)
    {
        var errors = new FieldErrorList();
        foreach (var message in ValidationRules.IsQualifiedName(key))
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("key"), key, message));
        }

        var valuesPath = FieldPath.Root("values");
        switch (op)
        {
            case SelectorOperator.In:
            case SelectorOperator.NotIn:
                if (values.Length == 0)
                {
                    errors.Add(FieldError.Invalid(valuesPath, values, "for 'in', 'notin' operators, values set can't be empty"));
                }

                break;
            case SelectorOperator.Equals:
            case SelectorOperator.DoubleEquals:
            case SelectorOperator.NotEquals:
                if (values.Length != 1)
                {
                    errors.Add(FieldError.Invalid(valuesPath, values, "exact-match compatibility requires one single value"));
                }

                break;
            case SelectorOperator.Exists:
            case SelectorOperator.DoesNotExist:
                if (values.Length != 0)
                {
                    errors.Add(FieldError.Invalid(valuesPath, values, "values set must be empty for exists and does not exist"));
                }

                break;
            case SelectorOperator.GreaterThan:
            case SelectorOperator.LessThan:
                if (values.Length != 1)
                {
                    errors.Add(FieldError.Invalid(valuesPath, values, "for 'Gt', 'Lt' operators, exactly one value is required"));
                }

                for (var i = 0; i < values.Length; i++)
                {
                    if (!TryParseInteger(values[i], out _))
                    {
                        errors.Add(FieldError.Invalid(valuesPath.Index(i), values[i], "for 'Gt', 'Lt' operators, the value must be an integer"));
                    }
                }

                break;
            default:
                errors.Add(FieldError.NotSupported(FieldPath.Root("operator"), op.ToString(), OperatorNames));
                break;
        }

        for (var i = 0; i < values.Length; i++)
        {
            foreach (var message in ValidationRules.IsValidLabelValue(values[i]))
            {
                errors.Add(FieldError.Invalid(valuesPath.Index(i).Key(key), values[i], message));
            }
        }

        return errors;
    }

    // Go's strconv.ParseInt(s, 10, 64): optional sign, decimal digits, no spaces.
    private static bool TryParseInteger(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}
