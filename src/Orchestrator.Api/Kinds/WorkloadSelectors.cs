using System.Text.Json.Nodes;
using Orchestrator.Model.Selectors;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// The label selector of a workload (spec.selector) and its agreement with the pod template's labels:
/// a controller must select the pods it creates, or it would create them forever.
/// </summary>
internal static class WorkloadSelectors
{
    public const string MismatchMessage = "`selector` does not match template `labels`";

    /// <summary>
    /// A selector that must be present and not empty (Deployments, ReplicaSets): its structure is validated
    /// and it is parsed; null when it cannot be used. <paramref name="kind"/> words the empty-selector message.
    /// </summary>
    public static LabelSelector? ValidateRequired(JsonObject? spec, FieldPath path, string kind, FieldErrorList errors)
    {
        var selector = JsonFields.ReadObject(spec, "selector", path, errors);
        if (selector is null)
        {
            if (spec?["selector"] is null)
            {
                errors.Add(FieldError.Required(path));
            }

            return null;
        }

        return ValidatePresent(selector, path, kind, errors);
    }

    /// <summary>
    /// A selector that may be absent, in which case it selects nothing (DaemonSets, Jobs); present, it must not
    /// be empty when <paramref name="kind"/> is given.
    /// </summary>
    public static LabelSelector? ValidateOptional(JsonObject? spec, FieldPath path, string? kind, FieldErrorList errors)
    {
        if (spec?["selector"] is null)
        {
            return LabelSelector.Nothing;
        }

        var selector = JsonFields.ReadObject(spec, "selector", path, errors);
        return selector is null ? null : ValidatePresent(selector, path, kind, errors);
    }

    /// <summary>The template's labels must satisfy the selector; an empty selector is skipped when <paramref name="skipEmpty"/>.</summary>
    public static void ValidateMatchesTemplate(LabelSelector? selector, JsonObject template, FieldPath templatePath, bool skipEmpty, FieldErrorList errors)
    {
        if (selector is null || (skipEmpty && selector.IsEmpty))
        {
            return;
        }

        if (!selector.Matches(PodTemplates.Labels(template)))
        {
            var labels = JsonFields.Object(JsonFields.Object(template, "metadata"), "labels");
            errors.Add(FieldError.Invalid(templatePath.Child("metadata", "labels"), labels?.DeepClone(), MismatchMessage));
        }
    }

    /// <summary>The selector's string form (<c>app=web,tier in (a,b)</c>), "" for none or an invalid one.</summary>
    public static string Format(JsonNode? selector)
    {
        try
        {
            return LabelSelector.FromJson(selector as JsonObject).ToString();
        }
        catch (FormatException)
        {
            return "";
        }
    }

    private static LabelSelector? ValidatePresent(JsonObject selector, FieldPath path, string? kind, FieldErrorList errors)
    {
        var before = errors.Count;
        JsonFields.ReadObject(selector, "matchLabels", path.Child("matchLabels"), errors);
        JsonFields.ReadArray(selector, "matchExpressions", path.Child("matchExpressions"), errors);
        errors.AddRange(LabelSelector.Validate(selector, path));
        if (kind is not null && (JsonFields.Object(selector, "matchLabels")?.Count ?? 0) + (JsonFields.Array(selector, "matchExpressions")?.Count ?? 0) == 0)
        {
            errors.Add(FieldError.Invalid(path, selector.DeepClone(), "empty selector is invalid for " + kind));
        }

        try
        {
            return LabelSelector.FromJson(selector);
        }
        catch (FormatException)
        {
            if (errors.Count == before)
            {
                errors.Add(FieldError.Invalid(path, selector.DeepClone(), "invalid label selector"));
            }

            return null;
        }
    }
}
