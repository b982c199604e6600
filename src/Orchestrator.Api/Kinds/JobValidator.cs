using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Selectors;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// Kubernetes' ValidateJob and ValidateJobUpdate (pkg/apis/batch/validation): counts, completion modes,
/// pod failure and replacement policies, a template whose pods terminate, the generated selector, and
/// what may change once the job exists.
/// </summary>
internal static class JobValidator
{
    private const int MaxParallelismForIndexedJob = 100000;
    private const string Indexed = "Indexed";
    private const string NonIndexed = "NonIndexed";

    private static readonly string[] CompletionModes = [NonIndexed, Indexed];
    private static readonly string[] PodFailurePolicyActions = ["Count", "FailIndex", "FailJob", "Ignore"];
    private static readonly string[] ReplacementPolicies = ["Failed", "TerminatingOrFailed"];
    private static readonly string[] ExitCodeOperators = ["In", "NotIn"];

    public static FieldErrorList Validate(JsonObject job, bool requirePrefixedLabels)
    {
        var errors = new FieldErrorList();
        var path = FieldPath.Root("spec");
        var spec = JsonFields.ReadObject(job, "spec", path, errors);
        ValidateGeneratedSelector(job, spec, requirePrefixedLabels, errors);
        ValidateSpec(spec, path, errors);

        // Indexed pods are named and hostnamed "<job>-<index>", which must stay a DNS label.
        if (JsonFields.String(spec, "completionMode") == Indexed && JsonFields.Integer(spec, "completions") is > 0 and var completions)
        {
            var name = KubeObject.Name(job) ?? "";
            var hostname = string.Create(CultureInfo.InvariantCulture, $"{name}-{completions - 1}");
            if (ValidationRules.IsDns1123Label(hostname).Count > 0)
            {
                errors.Add(FieldError.Invalid(FieldPath.Root("metadata", "name"), name, "will not able to create pod with invalid DNS label: " + hostname));
            }
        }

        return errors;
    }

    public static FieldErrorList ValidateUpdate(JsonObject job, JsonObject old)
    {
        var errors = new FieldErrorList();
        var path = FieldPath.Root("spec");
        var spec = JsonFields.Object(job, "spec") ?? [];
        var oldSpec = JsonFields.Object(old, "spec") ?? [];
        ValidateCompletionsUpdate(spec, oldSpec, path.Child("completions"), errors);
        FieldRules.Immutable(spec["selector"], oldSpec["selector"], path.Child("selector"), errors);
        ValidateTemplateUpdate(spec, oldSpec, JsonFields.Object(old, "status"), path.Child("template"), errors);
        foreach (var field in (string[])["completionMode", "podFailurePolicy", "backoffLimitPerIndex", "managedBy", "successPolicy"])
        {
            FieldRules.Immutable(spec[field], oldSpec[field], path.Child(field), errors);
        }

        return errors;
    }

    private static void ValidateGeneratedSelector(JsonObject job, JsonObject? spec, bool requirePrefixedLabels, FieldErrorList errors)
    {
        if (JsonFields.Bool(spec, "manualSelector") == true || JsonFields.Object(spec, "selector") is not { } selector)
        {
            return;
        }

        var uid = KubeObject.Uid(job) ?? "";
        var name = KubeObject.Name(job) ?? "";
        if (uid.Length == 0)
        {
            errors.Add(FieldError.Required(FieldPath.Root("metadata", "uid")));
        }

        var template = JsonFields.Object(spec, "template");
        var metadataPath = FieldPath.Root("spec", "template", "metadata");
        var expected = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [JobStrategy.LegacyControllerUidLabel] = uid,
            [JobStrategy.LegacyJobNameLabel] = name,
        };
        if (requirePrefixedLabels)
        {
            expected[JobStrategy.ControllerUidLabel] = uid;
            expected[JobStrategy.JobNameLabel] = name;
        }

        var labels = PodTemplates.Labels(template);
        foreach (var label in (string[])[JobStrategy.LegacyControllerUidLabel, JobStrategy.LegacyJobNameLabel, JobStrategy.ControllerUidLabel, JobStrategy.JobNameLabel])
        {
            if (expected.TryGetValue(label, out var value))
            {
                ValidateHasLabel(labels, JsonFields.Object(JsonFields.Object(template, "metadata"), "labels"), metadataPath, label, value, errors);
            }
        }

        try
        {
            if (!LabelSelector.FromJson(selector).Matches(expected))
            {
                errors.Add(FieldError.Invalid(FieldPath.Root("spec", "selector"), selector.DeepClone(), "`selector` not auto-generated"));
            }
        }
        catch (FormatException)
        {
            // The selector's own validation reports it.
        }
    }

    private static void ValidateHasLabel(Dictionary<string, string> labels, JsonObject? raw, FieldPath metadataPath, string key, string expected, FieldErrorList errors)
    {
        var path = metadataPath.Child("labels").Key(key);
        if (!labels.TryGetValue(key, out var actual))
        {
            errors.Add(FieldError.Required(path, expected));
        }
        else if (actual != expected)
        {
            errors.Add(FieldError.Invalid(path, raw?.DeepClone(), $"must be '{expected}'"));
        }
    }

    /// <param name="jobTemplate">A CronJob's jobTemplate.spec: no selector yet (validateJobSpec without ValidateJobSpec's selector rules), and no manual one.</param>
    internal static void ValidateSpec(JsonObject? spec, FieldPath path, FieldErrorList errors, bool jobTemplate = false)
    {
        var parallelism = FieldRules.NonNegative(spec, "parallelism", path.Child("parallelism"), errors);
        var completions = FieldRules.NonNegative(spec, "completions", path.Child("completions"), errors);
        FieldRules.NonNegative(spec, "activeDeadlineSeconds", path.Child("activeDeadlineSeconds"), errors);
        FieldRules.NonNegative(spec, "backoffLimit", path.Child("backoffLimit"), errors);
        FieldRules.NonNegative(spec, "ttlSecondsAfterFinished", path.Child("ttlSecondsAfterFinished"), errors);
        var backoffLimitPerIndex = FieldRules.NonNegative(spec, "backoffLimitPerIndex", path.Child("backoffLimitPerIndex"), errors);
        var maxFailedIndexes = FieldRules.NonNegative(spec, "maxFailedIndexes", path.Child("maxFailedIndexes"), errors);
        JsonFields.ReadBool(spec, "suspend", path.Child("suspend"), errors);
        JsonFields.ReadBool(spec, "manualSelector", path.Child("manualSelector"), errors);
        if (maxFailedIndexes is not null && backoffLimitPerIndex is null)
        {
            errors.Add(FieldError.Required(path.Child("backoffLimitPerIndex"), "when maxFailedIndexes is specified"));
        }

        var mode = JsonFields.ReadString(spec, "completionMode", path.Child("completionMode"), errors);
        if (spec?["completionMode"] is not null && !CompletionModes.Contains(mode, StringComparer.Ordinal))
        {
            errors.Add(FieldError.NotSupported(path.Child("completionMode"), mode, CompletionModes));
        }

        if (mode == Indexed)
        {
            if (completions is null)
            {
                errors.Add(FieldError.Required(path.Child("completions"), "when completion mode is Indexed"));
            }

            if (parallelism > MaxParallelismForIndexedJob)
            {
                errors.Add(FieldError.Invalid(path.Child("parallelism"), parallelism,
                    string.Create(CultureInfo.InvariantCulture, $"must be less than or equal to {MaxParallelismForIndexedJob} when completion mode is Indexed")));
            }

            if (maxFailedIndexes > completions)
            {
                errors.Add(FieldError.Invalid(path.Child("maxFailedIndexes"), maxFailedIndexes, "must be less than or equal to completions"));
            }
        }
        else
        {
            if (backoffLimitPerIndex is not null)
            {
                errors.Add(FieldError.Invalid(path.Child("backoffLimitPerIndex"), backoffLimitPerIndex, "requires indexed completion mode"));
            }

            if (maxFailedIndexes is not null)
            {
                errors.Add(FieldError.Invalid(path.Child("maxFailedIndexes"), maxFailedIndexes, "requires indexed completion mode"));
            }
        }

        var failurePolicy = JsonFields.ReadObject(spec, "podFailurePolicy", path.Child("podFailurePolicy"), errors);
        if (failurePolicy is not null)
        {
            ValidatePodFailurePolicy(failurePolicy, backoffLimitPerIndex is not null, path.Child("podFailurePolicy"), errors);
        }

        ValidateReplacementPolicy(spec, failurePolicy is not null, path.Child("podReplacementPolicy"), errors);

        var templatePath = path.Child("template");
        var template = PodTemplates.Validate(spec, templatePath, errors);
        var restartPath = templatePath.Child("spec", "restartPolicy");
        var restartPolicy = JsonFields.String(JsonFields.Object(template, "spec"), "restartPolicy") ?? "";
        if (restartPolicy is "Always" or "")
        {
            // Pod spec defaulting turns an unset restartPolicy into Always, so both mean "not chosen".
            errors.Add(FieldError.Required(restartPath, "valid values: \"OnFailure\", \"Never\""));
        }
        else if (restartPolicy is not ("OnFailure" or "Never"))
        {
            errors.Add(FieldError.NotSupported(restartPath, restartPolicy, ["OnFailure", "Never"]));
        }
        else if (failurePolicy is not null && restartPolicy != "Never")
        {
            errors.Add(FieldError.Invalid(restartPath, restartPolicy, "only \"Never\" is supported when podFailurePolicy is specified"));
        }

        if (jobTemplate)
        {
            if (JsonFields.Bool(spec, "manualSelector") == true)
            {
                errors.Add(FieldError.NotSupported(path.Child("manualSelector"), true, ["nil", "false"]));
            }

            return;
        }

        // ValidateJobSpec: whether generated or manual, the selector must select the job's own pods.
        var selectorPath = path.Child("selector");
        if (spec?["selector"] is null)
        {
            errors.Add(FieldError.Required(selectorPath));
        }

        var selector = WorkloadSelectors.ValidateOptional(spec, selectorPath, kind: null, errors);
        WorkloadSelectors.ValidateMatchesTemplate(selector, template, templatePath, skipEmpty: false, errors);
    }

    private static void ValidatePodFailurePolicy(JsonObject policy, bool hasBackoffLimitPerIndex, FieldPath path, FieldErrorList errors)
    {
        var rulesPath = path.Child("rules");
        foreach (var (i, rule) in JsonFields.ReadObjects(policy, "rules", rulesPath, errors))
        {
            var rulePath = rulesPath.Index(i);
            var action = JsonFields.ReadString(rule, "action", rulePath.Child("action"), errors);
            if (action.Length == 0)
            {
                errors.Add(FieldError.Required(rulePath.Child("action"), "valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]"));
            }
            else if (action == "FailIndex" && !hasBackoffLimitPerIndex)
            {
                errors.Add(FieldError.Invalid(rulePath.Child("action"), action, "requires the backoffLimitPerIndex to be set"));
            }
            else if (!PodFailurePolicyActions.Contains(action, StringComparer.Ordinal))
            {
                errors.Add(FieldError.NotSupported(rulePath.Child("action"), action, PodFailurePolicyActions));
            }

            var onExitCodes = JsonFields.ReadObject(rule, "onExitCodes", rulePath.Child("onExitCodes"), errors);
            var onPodConditions = JsonFields.ReadObjects(rule, "onPodConditions", rulePath.Child("onPodConditions"), errors);
            if (onExitCodes is not null)
            {
                var op = JsonFields.ReadString(onExitCodes, "operator", rulePath.Child("onExitCodes", "operator"), errors);
                if (!ExitCodeOperators.Contains(op, StringComparer.Ordinal))
                {
                    errors.Add(FieldError.NotSupported(rulePath.Child("onExitCodes", "operator"), op, ExitCodeOperators));
                }
            }

            if (onExitCodes is not null && onPodConditions.Count > 0)
            {
                errors.Add(FieldError.Invalid(rulePath, null, "specifying both OnExitCodes and OnPodConditions is not supported"));
            }
            else if (onExitCodes is null && onPodConditions.Count == 0)
            {
                errors.Add(FieldError.Invalid(rulePath, null, "specifying one of OnExitCodes and OnPodConditions is required"));
            }
        }
    }

    private static void ValidateReplacementPolicy(JsonObject? spec, bool hasFailurePolicy, FieldPath path, FieldErrorList errors)
    {
        if (spec?["podReplacementPolicy"] is null)
        {
            return;
        }

        var policy = JsonFields.ReadString(spec, "podReplacementPolicy", path, errors);
        if (hasFailurePolicy && policy != "Failed")
        {
            errors.Add(FieldError.NotSupported(path, policy, ["Failed"]));
        }
        else if (!hasFailurePolicy && !ReplacementPolicies.Contains(policy, StringComparer.Ordinal))
        {
            errors.Add(FieldError.NotSupported(path, policy, ReplacementPolicies));
        }
    }

    // Completions are fixed, except that an Indexed job may scale completions and parallelism together.
    private static void ValidateCompletionsUpdate(JsonObject spec, JsonObject oldSpec, FieldPath path, FieldErrorList errors)
    {
        if (JsonFields.String(spec, "completionMode") != Indexed)
        {
            FieldRules.Immutable(spec["completions"], oldSpec["completions"], path, errors);
            return;
        }

        if (JsonSemantics.AreEqual(spec["completions"], oldSpec["completions"]) || JsonFields.Integer(spec, "completions") is not { } completions)
        {
            return;
        }

        if (completions != JsonFields.Integer(spec, "parallelism"))
        {
            errors.Add(FieldError.Invalid(path, completions, "can only be modified in tandem with spec.parallelism"));
        }
    }

    // A suspended job that never started may still change where its pods go.
    private static void ValidateTemplateUpdate(JsonObject spec, JsonObject oldSpec, JsonObject? oldStatus, FieldPath path, FieldErrorList errors)
    {
        var template = spec["template"];
        var oldTemplate = oldSpec["template"]?.DeepClone();
        var mutableScheduling = JsonFields.Bool(oldSpec, "suspend") == true && JsonFields.String(oldStatus, "startTime") is null or "";
        if (mutableScheduling && oldTemplate is JsonObject old && template is JsonObject current)
        {
            var oldMetadata = JsonFields.DefaultObject(old, "metadata");
            var oldPodSpec = JsonFields.DefaultObject(old, "spec");
            var metadata = JsonFields.Object(current, "metadata");
            var podSpec = JsonFields.Object(current, "spec");
            foreach (var field in (string[])["labels", "annotations"])
            {
                SetOrRemove(oldMetadata, field, metadata?[field]);
            }

            foreach (var field in (string[])["nodeSelector", "tolerations", "schedulingGates"])
            {
                SetOrRemove(oldPodSpec, field, podSpec?[field]);
            }

            var affinity = JsonFields.Object(podSpec, "affinity");
            if (JsonFields.Object(oldPodSpec, "affinity") is { } oldAffinity)
            {
                SetOrRemove(oldAffinity, "nodeAffinity", affinity?["nodeAffinity"]);
            }
            else if (affinity?["nodeAffinity"] is { } nodeAffinity && oldPodSpec is not null)
            {
                oldPodSpec["affinity"] = new JsonObject { ["nodeAffinity"] = nodeAffinity.DeepClone() };
            }
        }

        FieldRules.Immutable(template, oldTemplate, path, errors);
    }

    private static void SetOrRemove(JsonObject? obj, string field, JsonNode? value)
    {
        if (obj is null)
        {
            return;
        }

        if (value is null)
        {
            obj.Remove(field);
        }
        else
        {
            obj[field] = value.DeepClone();
        }
    }
}
