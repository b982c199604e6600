using System.Text.Json.Nodes;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>Node taints and the effects taints and tolerations name, validated as Kubernetes does.</summary>
internal static class Taints
{
    public const string NoSchedule = "NoSchedule";
    public const string PreferNoSchedule = "PreferNoSchedule";
    public const string NoExecute = "NoExecute";

    private static readonly string[] Effects = [NoSchedule, PreferNoSchedule, NoExecute];

    /// <summary>An effect: one of the three; "" is allowed only where it means "any effect" (tolerations).</summary>
    public static void ValidateEffect(string effect, bool allowEmpty, FieldPath path, FieldErrorList errors)
    {
        if (effect.Length == 0)
        {
            if (!allowEmpty)
            {
                errors.Add(FieldError.Required(path));
            }

            return;
        }

        if (!Effects.Contains(effect, StringComparer.Ordinal))
        {
            errors.Add(FieldError.NotSupported(path, effect, Effects));
        }
    }

    /// <summary>A node's taints: qualified-name keys, label values, an effect, unique by key and effect.</summary>
    public static FieldErrorList Validate(JsonObject? spec, FieldPath path)
    {
        var errors = new FieldErrorList();
        var seen = new HashSet<(string Key, string Effect)>();
        foreach (var (i, taint) in JsonFields.ReadObjects(spec, "taints", path, errors))
        {
            var itemPath = path.Index(i);
            var key = JsonFields.ReadString(taint, "key", itemPath.Child("key"), errors);
            var value = JsonFields.ReadString(taint, "value", itemPath.Child("value"), errors);
            var effect = JsonFields.ReadString(taint, "effect", itemPath.Child("effect"), errors);
            foreach (var message in ValidationRules.IsQualifiedName(key))
            {
                errors.Add(FieldError.Invalid(itemPath.Child("key"), key, message));
            }

            var valueErrors = ValidationRules.IsValidLabelValue(value);
            if (valueErrors.Count > 0)
            {
                errors.Add(FieldError.Invalid(itemPath.Child("value"), value, string.Join(";", valueErrors)));
            }

            ValidateEffect(effect, allowEmpty: false, itemPath.Child("effect"), errors);
            if (!seen.Add((key, effect)))
            {
                errors.Add(new FieldError(FieldErrorType.Duplicate, itemPath.ToString(), taint.DeepClone(), "taints must be unique by key and effect pair"));
            }
        }

        return errors;
    }
}
