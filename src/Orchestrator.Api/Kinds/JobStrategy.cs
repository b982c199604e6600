using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// batch/v1 Job (Kubernetes' pkg/registry/batch/job and batch/v1 defaulting): one completion at a time
/// by default, six retries, a selector generated from the job's uid unless <c>manualSelector</c> is
/// set, a template whose pods stop (OnFailure or Never), and the status.successful field selector.
/// </summary>
public sealed class JobStrategy : ResourceStrategy
{
    public const string ControllerUidLabel = "batch.kubernetes.io/controller-uid";
    public const string LegacyControllerUidLabel = "controller-uid";
    public const string JobNameLabel = "batch.kubernetes.io/job-name";
    public const string LegacyJobNameLabel = "job-name";
    public const long DefaultBackoffLimit = 6;

    /// <summary>batch/v1 Jobs orphan their pods when a delete names no policy, as Kubernetes keeps for compatibility (kubectl asks for Background).</summary>
    public override GarbageCollectionPolicy DefaultGarbageCollectionPolicy => GarbageCollectionPolicy.OrphanDependents;

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ResourceQuantities.Canonicalize(obj, "batch/v1", "Job");
        if (JsonFields.DefaultObject(obj, "spec") is not { } spec)
        {
            return;
        }

        // A non-parallel job may leave both unset; parallelism alone defaults to 1.
        if (spec["completions"] is null && spec["parallelism"] is null)
        {
            spec["completions"] = JsonFields.Number(1);
        }

        JsonFields.SetDefault(spec, "parallelism", JsonFields.Number(1));
        JsonFields.SetDefault(spec, "backoffLimit", JsonFields.Number(spec["backoffLimitPerIndex"] is null ? DefaultBackoffLimit : int.MaxValue));
        CopyTemplateLabels(obj);
        JsonFields.SetDefaultString(spec, "completionMode", "NonIndexed");
        JsonFields.SetDefault(spec, "suspend", false);
        JsonFields.SetDefaultString(spec, "podReplacementPolicy", spec["podFailurePolicy"] is null ? "TerminatingOrFailed" : "Failed");
        JsonFields.SetDefault(spec, "manualSelector", false);
        foreach (var (_, rule) in JsonFields.Objects(JsonFields.Array(JsonFields.Object(spec, "podFailurePolicy"), "rules")))
        {
            foreach (var (_, pattern) in JsonFields.Objects(JsonFields.Array(rule, "onPodConditions")))
            {
                JsonFields.SetDefaultString(pattern, "status", "True");
            }
        }

        PodTemplates.Default(spec);
    }

    /// <summary>
    /// Clears the status and, unless the selector is manual, generates it: the template gets the job-name
    /// and controller-uid labels (prefixed and legacy) and the selector matches the uid, which the gateway
    /// has set before this runs. Reading a stored job defaults its labels from the template's, so that
    /// happens here too.
    /// </summary>
    public override void PrepareForCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject();
        if (JsonFields.Object(obj, "spec") is { } spec && JsonFields.Bool(spec, "manualSelector") != true)
        {
            GenerateSelector(obj, spec);
        }

        CopyTemplateLabels(obj);
    }

    public override FieldErrorList ValidateCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return JobValidator.Validate(obj, requirePrefixedLabels: true);
    }

    public override FieldErrorList ValidateUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);

        // Jobs created before the prefixed labels existed keep validating without them.
        var oldLabels = PodTemplates.Labels(JsonFields.Object(JsonFields.Object(old, "spec"), "template"));
        var errors = JobValidator.Validate(obj, oldLabels.ContainsKey(JobNameLabel) && oldLabels.ContainsKey(ControllerUidLabel));
        errors.AddRange(JobValidator.ValidateUpdate(obj, old));
        return errors;
    }

    public override FieldErrorList ValidateStatusUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        var errors = new FieldErrorList();
        var path = FieldPath.Root("status");
        var status = JsonFields.ReadObject(obj, "status", path, errors);
        FieldRules.NonNegative(status, path, errors, "active", "succeeded", "failed", "ready", "terminating");
        return errors;
    }

    public override string GetSelectableField(JsonObject obj, string field)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(field);
        return field == "status.successful"
            ? (JsonFields.Integer(JsonFields.Object(obj, "status"), "succeeded") ?? 0).ToString(CultureInfo.InvariantCulture)
            : base.GetSelectableField(obj, field);
    }

    // User-set labels that conflict are kept, for validation to refuse.
    private static void GenerateSelector(JsonObject obj, JsonObject spec)
    {
        var name = KubeObject.Name(obj) ?? "";
        var uid = KubeObject.Uid(obj) ?? "";
        if (JsonFields.DefaultObject(spec, "template") is not { } template || JsonFields.DefaultObject(template, "metadata") is not { } metadata
            || JsonFields.DefaultObject(metadata, "labels") is not { } labels)
        {
            return;
        }

        foreach (var (label, value) in (ReadOnlySpan<(string, string)>)[(LegacyJobNameLabel, name), (JobNameLabel, name), (LegacyControllerUidLabel, uid), (ControllerUidLabel, uid)])
        {
            if (!labels.ContainsKey(label))
            {
                labels[label] = value;
            }
        }

        if (JsonFields.DefaultObject(spec, "selector") is { } selector && JsonFields.DefaultObject(selector, "matchLabels") is { } matchLabels
            && !matchLabels.ContainsKey(ControllerUidLabel))
        {
            matchLabels[ControllerUidLabel] = uid;
        }
    }

    // SetDefaults_Job: a job without labels takes its template's.
    private static void CopyTemplateLabels(JsonObject obj)
    {
        var templateLabels = JsonFields.Object(JsonFields.Object(JsonFields.Object(JsonFields.Object(obj, "spec"), "template"), "metadata"), "labels");
        if (templateLabels is null || JsonFields.Object(obj["metadata"], "labels") is { Count: > 0 })
        {
            return;
        }

        KubeObject.Metadata(obj)["labels"] = templateLabels.DeepClone();
    }
}
