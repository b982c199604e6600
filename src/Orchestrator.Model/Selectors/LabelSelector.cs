using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Model.Validation;

namespace Orchestrator.Model.Selectors;

/// <summary>
/// A label selector: a conjunction of requirements over an object's labels, from the query-string
/// syntax (<c>app=web,tier in (fe,be),!canary</c>) or from a metav1.LabelSelector
/// (<c>matchLabels</c> + <c>matchExpressions</c>). Behaves as Kubernetes' labels.Selector.
/// </summary>
public sealed class LabelSelector
{
    private readonly LabelRequirement[] _requirements;
    private readonly bool _nothing;

    private LabelSelector(LabelRequirement[] requirements, bool nothing)
    {
        _requirements = requirements;
        _nothing = nothing;
    }

    /// <summary>Selects everything (no requirements).</summary>
    public static LabelSelector Empty { get; } = new([], false);

    /// <summary>Same as <see cref="Empty"/>: Kubernetes' labels.Everything().</summary>
    public static LabelSelector Everything => Empty;

    /// <summary>Selects nothing (Kubernetes' labels.Nothing(), e.g. a null metav1.LabelSelector).</summary>
    public static LabelSelector Nothing { get; } = new([], true);

    /// <summary>The requirements, sorted by key.</summary>
    public IReadOnlyList<LabelRequirement> Requirements => _requirements;

    /// <summary>True when the selector does not restrict anything.</summary>
    public bool IsEmpty => !_nothing && _requirements.Length == 0;

    /// <summary>True for <see cref="Nothing"/>.</summary>
    public bool IsNothing => _nothing;

    /// <summary>Parses the query-string syntax; throws <see cref="FormatException"/> with Kubernetes' message.</summary>
    public static LabelSelector Parse(string selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return FromRequirements(LabelSelectorParser.Parse(selector));
    }

    public static bool TryParse(string? selector, out LabelSelector result)
    {
        result = Empty;
        if (selector is null)
        {
            return false;
        }

        try
        {
            result = Parse(selector);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// Converts a metav1.LabelSelector (Kubernetes' LabelSelectorAsSelector): null selects nothing, an
    /// empty selector everything. Throws <see cref="FormatException"/> for an invalid one.
    /// </summary>
    public static LabelSelector FromJson(JsonObject? selector)
    {
        if (selector is null)
        {
            return Nothing;
        }

        var matchLabels = selector["matchLabels"] as JsonObject;
        var matchExpressions = selector["matchExpressions"] as JsonArray;
        if ((matchLabels?.Count ?? 0) + (matchExpressions?.Count ?? 0) == 0)
        {
            return Everything;
        }

        var requirements = new List<LabelRequirement>();
        foreach (var (key, value) in matchLabels ?? [])
        {
            requirements.Add(LabelRequirement.Create(key, SelectorOperator.Equals, [StringOf(value, "matchLabels")]));
        }

        foreach (var node in matchExpressions ?? [])
        {
            if (node is not JsonObject expression)
            {
                throw new FormatException("matchExpressions must hold objects");
            }

            var op = StringOf(expression["operator"], "operator") switch
            {
                "In" => SelectorOperator.In,
                "NotIn" => SelectorOperator.NotIn,
                "Exists" => SelectorOperator.Exists,
                "DoesNotExist" => SelectorOperator.DoesNotExist,
                var other => throw new FormatException(GoFormat.Quote(other) + " is not a valid label selector operator"),
            };
            var values = (expression["values"] as JsonArray ?? []).Select(value => StringOf(value, "values"));
            requirements.Add(LabelRequirement.Create(StringOf(expression["key"], "key"), op, values));
        }

        return FromRequirements(requirements);
    }

    /// <summary>A selector matching exactly the given labels, not validated (Kubernetes' SelectorFromSet).</summary>
    public static LabelSelector FromSet(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return FromRequirements(labels.Select(pair => LabelRequirement.Unchecked(pair.Key, SelectorOperator.Equals, pair.Value)));
    }

    /// <summary>
    /// Validates a metav1.LabelSelector field as the API server does (ValidateLabelSelector), reporting
    /// errors under <paramref name="path"/>, e.g. <c>spec.selector</c>.
    /// </summary>
    public static FieldErrorList Validate(JsonObject? selector, FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var errors = new FieldErrorList();
        if (selector is null)
        {
            return errors;
        }

        errors.AddRange(ObjectMetaValidator.ValidateLabels(selector["matchLabels"] as JsonObject, path.Child("matchLabels")));
        var expressions = selector["matchExpressions"] as JsonArray ?? [];
        for (var i = 0; i < expressions.Count; i++)
        {
            var expressionPath = path.Child("matchExpressions").Index(i);
            var expression = expressions[i] as JsonObject ?? [];
            var op = TextOf(expression["operator"]);
            var values = expression["values"] as JsonArray ?? [];
            switch (op)
            {
                case "In":
                case "NotIn":
                    if (values.Count == 0)
                    {
                        errors.Add(FieldError.Required(expressionPath.Child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
                    }

                    break;
                case "Exists":
                case "DoesNotExist":
                    if (values.Count > 0)
                    {
                        errors.Add(FieldError.Forbidden(expressionPath.Child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    }

                    break;
                default:
                    errors.Add(FieldError.Invalid(expressionPath.Child("operator"), op, "not a valid selector operator"));
                    break;
            }

            var key = TextOf(expression["key"]);
            foreach (var message in ValidationRules.IsQualifiedName(key))
            {
                errors.Add(FieldError.Invalid(expressionPath.Child("key"), key, message));
            }

            for (var j = 0; j < values.Count; j++)
            {
                var value = TextOf(values[j]);
                foreach (var message in ValidationRules.IsValidLabelValue(value))
                {
                    errors.Add(FieldError.Invalid(expressionPath.Child("values").Index(j), value, message));
                }
            }
        }

        return errors;
    }

    /// <summary>Do these labels satisfy every requirement?</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return !_nothing && _requirements.All(requirement => requirement.Matches(labels));
    }

    /// <summary>Matches against an object's <c>metadata.labels</c>.</summary>
    public bool Matches(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return Matches(LabelsOf(obj));
    }

    /// <summary>The labels of an object (<c>metadata.labels</c>), empty when it has none.</summary>
    public static IReadOnlyDictionary<string, string> LabelsOf(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj["metadata"] is JsonObject metadata && metadata["labels"] is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                labels[key] = value is JsonValue text && text.GetValueKind() == JsonValueKind.String
                    ? text.GetValue<string>()
                    : value?.ToJsonString() ?? string.Empty;
            }
        }

        return labels;
    }

    /// <summary>If the selector pins <paramref name="label"/> to one value (=, == or a one-value in), that value.</summary>
    public bool RequiresExactMatch(string label, out string value)
    {
        value = string.Empty;
        var requirement = _requirements.FirstOrDefault(r => string.Equals(r.Key, label, StringComparison.Ordinal));
        if (requirement is not null
            && requirement.Operator is SelectorOperator.Equals or SelectorOperator.DoubleEquals or SelectorOperator.In
            && requirement.Values.Count == 1)
        {
            value = requirement.Values[0];
            return true;
        }

        return false;
    }

    /// <summary>A new selector with more requirements (kept sorted by key).</summary>
    public LabelSelector Add(params LabelRequirement[] requirements)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        return _nothing ? this : FromRequirements(_requirements.Concat(requirements));
    }

    /// <summary>The canonical query-string form: requirements sorted by key, comma separated.</summary>
    public override string ToString() => string.Join(",", _requirements.Select(r => r.ToString()));

    // Sorted by key, stably, so the string form and the evaluation order are deterministic.
    private static LabelSelector FromRequirements(IEnumerable<LabelRequirement> requirements) =>
        new([.. requirements.OrderBy(r => r.Key, StringComparer.Ordinal)], false);

    // A string field; missing or null reads as "" as it does when Kubernetes decodes the struct.
    private static string StringOf(JsonNode? node, string field) => node switch
    {
        null => string.Empty,
        JsonValue value when value.GetValueKind() == JsonValueKind.Null => string.Empty,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => throw new FormatException($"{field} must hold strings, not {node.ToJsonString()}"),
    };

    private static string TextOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : string.Empty;
}
