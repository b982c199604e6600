using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Cron;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// batch/v1 CronJob (Kubernetes' pkg/registry/batch/cronjob and batch/v1 defaulting): concurrencyPolicy
/// Allow, suspend false, three successful and one failed Job kept; a schedule in cron syntax (five fields or
/// a macro such as @hourly) without TZ prefixes, an optional IANA timeZone, and a job template valid as a
/// Job's spec; names of at most 52 characters, so the Jobs' names (name-timestamp) fit.
/// </summary>
public sealed class CronJobStrategy : ResourceStrategy
{
    public const int MaxNameLength = 52;

    private static readonly string[] ConcurrencyPolicies = ["Allow", "Forbid", "Replace"];

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ResourceQuantities.Canonicalize(obj, "batch/v1", "CronJob");
        if (JsonFields.DefaultObject(obj, "spec") is not { } spec)
        {
            return;
        }

        JsonFields.SetDefaultString(spec, "concurrencyPolicy", "Allow");
        JsonFields.SetDefault(spec, "suspend", false);
        JsonFields.SetDefault(spec, "successfulJobsHistoryLimit", JsonFields.Number(3));
        JsonFields.SetDefault(spec, "failedJobsHistoryLimit", JsonFields.Number(1));
        if (JsonFields.DefaultObject(spec, "jobTemplate") is { } jobTemplate && JsonFields.DefaultObject(jobTemplate, "spec") is { } jobSpec)
        {
            PodTemplates.Default(jobSpec);
        }
    }

    public override void PrepareForCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject();
    }

    public override FieldErrorList ValidateCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var errors = new FieldErrorList();
        if (KubeObject.Name(obj) is { Length: > MaxNameLength } name)
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("metadata", "name"), name, $"must be no more than {MaxNameLength} characters"));
        }

        var path = FieldPath.Root("spec");
        var spec = JsonFields.ReadObject(obj, "spec", path, errors);
        var schedule = JsonFields.ReadString(spec, "schedule", path.Child("schedule"), errors);
        if (schedule.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("schedule")));
        }
        else if (schedule.Contains("TZ", StringComparison.Ordinal))
        {
            errors.Add(FieldError.Invalid(path.Child("schedule"), schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
        }
        else if (!CronSchedule.TryParse(schedule, out _, out var problem))
        {
            errors.Add(FieldError.Invalid(path.Child("schedule"), schedule, problem));
        }

        if (spec?["timeZone"] is not null)
        {
            var zone = JsonFields.ReadString(spec, "timeZone", path.Child("timeZone"), errors);
            if (zone.Length == 0)
            {
                errors.Add(FieldError.Invalid(path.Child("timeZone"), zone, "timeZone must be nil or non-empty string"));
            }
            else if (zone == "Local")
            {
                errors.Add(FieldError.Invalid(path.Child("timeZone"), zone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
            }
            else if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            {
                errors.Add(FieldError.Invalid(path.Child("timeZone"), zone, $"unknown time zone {zone}"));
            }
        }

        var policy = JsonFields.ReadString(spec, "concurrencyPolicy", path.Child("concurrencyPolicy"), errors);
        if (policy.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("concurrencyPolicy")));
        }
        else if (!ConcurrencyPolicies.Contains(policy, StringComparer.Ordinal))
        {
            errors.Add(FieldError.NotSupported(path.Child("concurrencyPolicy"), policy, ConcurrencyPolicies));
        }

        FieldRules.NonNegative(spec, path, errors, "startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit");
        JsonFields.ReadBool(spec, "suspend", path.Child("suspend"), errors);

        var templatePath = path.Child("jobTemplate");
        var jobTemplate = JsonFields.ReadObject(spec, "jobTemplate", templatePath, errors);
        var templateMetadata = JsonFields.ReadObject(jobTemplate, "metadata", templatePath.Child("metadata"), errors);
        errors.AddRange(ObjectMetaValidator.ValidateLabels(JsonFields.ReadObject(templateMetadata, "labels", templatePath.Child("metadata", "labels"), errors), templatePath.Child("metadata", "labels")));
        JobValidator.ValidateSpec(JsonFields.ReadObject(jobTemplate, "spec", templatePath.Child("spec"), errors) ?? [], templatePath.Child("spec"), errors, jobTemplate: true);
        return errors;
    }

    public override FieldErrorList ValidateStatusUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var errors = new FieldErrorList();
        JsonFields.ReadObject(obj, "status", FieldPath.Root("status"), errors);
        return errors;
    }
}
