using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// coordination.k8s.io/v1 Lease (Kubernetes' ValidateLeaseSpec): a positive duration, a non-negative
/// transition count, well-formed timestamps, and a preferred holder only with a coordinated strategy.
/// </summary>
public sealed class LeaseStrategy : ResourceStrategy
{
    private static readonly string[] Strategies = ["OldestEmulationVersion"];

    public override FieldErrorList ValidateCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var errors = new FieldErrorList();
        var path = FieldPath.Root("spec");
        var spec = JsonFields.ReadObject(obj, "spec", path, errors);
        if (JsonFields.ReadInteger(spec, "leaseDurationSeconds", path.Child("leaseDurationSeconds"), errors) is { } duration and <= 0)
        {
            errors.Add(FieldError.Invalid(path.Child("leaseDurationSeconds"), duration, "must be greater than 0"));
        }

        if (JsonFields.ReadInteger(spec, "leaseTransitions", path.Child("leaseTransitions"), errors) is { } transitions and < 0)
        {
            errors.Add(FieldError.Invalid(path.Child("leaseTransitions"), transitions, "must be greater than or equal to 0"));
        }

        JsonFields.ReadString(spec, "holderIdentity", path.Child("holderIdentity"), errors);
        foreach (var time in (string[])["acquireTime", "renewTime"])
        {
            var text = JsonFields.ReadString(spec, time, path.Child(time), errors);
            if (text.Length > 0 && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            {
                errors.Add(FieldError.Invalid(path.Child(time), text, "must be an RFC 3339 timestamp"));
            }
        }

        var strategy = JsonFields.ReadString(spec, "strategy", path.Child("strategy"), errors);
        if (strategy.Length > 0)
        {
            if (!strategy.Contains('/', StringComparison.Ordinal))
            {
                if (!Strategies.Contains(strategy, StringComparer.Ordinal))
                {
                    errors.Add(FieldError.NotSupported(path.Child("strategy"), strategy, Strategies));
                }
            }
            else
            {
                foreach (var message in ValidationRules.IsQualifiedName(strategy))
                {
                    errors.Add(FieldError.Invalid(path.Child("strategy"), strategy, message));
                }
            }
        }

        if (JsonFields.ReadString(spec, "preferredHolder", path.Child("preferredHolder"), errors).Length > 0 && strategy.Length == 0)
        {
            errors.Add(FieldError.Forbidden(path.Child("preferredHolder"), "may only be specified if `strategy` is defined"));
        }

        return errors;
    }
}
