using System.Text.Json.Nodes;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// What may change in a pod's spec once it exists (Kubernetes' ValidatePodUpdate): container and init
/// container images, activeDeadlineSeconds (set, or lowered), tolerations (added; tolerationSeconds
/// may change), scheduling gates (removed), and terminationGracePeriodSeconds only from a negative value
/// to 1. Anything else is refused with Kubernetes' "pod updates may not change fields other than" error.
/// </summary>
internal static class PodUpdateValidator
{
    public const string UpdatableFields =
        "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`," +
        "`spec.tolerations` (only additions to existing tolerations)," +
        "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    public static FieldErrorList Validate(JsonObject pod, JsonObject old)
    {
        var errors = new FieldErrorList();
        var path = FieldPath.Root("spec");
        var spec = JsonFields.Object(pod, "spec") ?? [];
        var oldSpec = JsonFields.Object(old, "spec") ?? [];
        foreach (var list in (string[])["containers", "initContainers"])
        {
            if (!ValidateImages(spec, oldSpec, list, path.Child(list), errors))
            {
                return errors;
            }
        }

        if (!ValidateActiveDeadline(spec, oldSpec, path.Child("activeDeadlineSeconds"), errors))
        {
            return errors;
        }

        ValidateOnlyAddedTolerations(spec, oldSpec, path.Child("tolerations"), errors);
        ValidateOnlyDeletedSchedulingGates(spec, oldSpec, path.Child("schedulingGates"), errors);
        if (JsonSemantics.AreEqual(spec, oldSpec))
        {
            return errors;
        }

        // Take the updatable fields from the old spec; whatever still differs may not change.
        var munged = spec.DeepClone().AsObject();
        foreach (var list in (string[])["containers", "initContainers"])
        {
            var oldContainers = JsonFields.Array(oldSpec, list);
            foreach (var (i, container) in JsonFields.Objects(JsonFields.Array(munged, list)))
            {
                container["image"] = oldContainers?[i]?["image"]?.DeepClone();
            }
        }

        foreach (var field in (string[])["activeDeadlineSeconds", "schedulingGates", "tolerations"])
        {
            SetOrRemove(munged, field, oldSpec[field]);
        }

        if (JsonFields.Integer(oldSpec, "terminationGracePeriodSeconds") < 0 && JsonFields.Integer(munged, "terminationGracePeriodSeconds") == 1)
        {
            SetOrRemove(munged, "terminationGracePeriodSeconds", oldSpec["terminationGracePeriodSeconds"]);
        }

        if (!JsonSemantics.AreEqual(munged, oldSpec))
        {
            var diff = string.Join("\n", JsonSemantics.Diff(oldSpec, munged, "spec"));
            errors.Add(FieldError.Forbidden(path, "pod updates may not change fields other than " + UpdatableFields + "\n" + diff));
        }

        return errors;
    }

    // False stops the update checks, as Kubernetes does when containers were added or removed.
    private static bool ValidateImages(JsonObject spec, JsonObject oldSpec, string list, FieldPath path, FieldErrorList errors)
    {
        var containers = JsonFields.Array(spec, list) ?? [];
        var oldContainers = JsonFields.Array(oldSpec, list) ?? [];
        if (containers.Count != oldContainers.Count)
        {
            errors.Add(FieldError.Forbidden(path, "pod updates may not add or remove containers"));
            return false;
        }

        foreach (var (i, container) in JsonFields.Objects(containers))
        {
            var image = JsonFields.String(container, "image") ?? "";
            if (image.Length == 0)
            {
                errors.Add(FieldError.Required(path.Index(i).Child("image")));
            }
            else if (image.Trim().Length != image.Length)
            {
                errors.Add(FieldError.Invalid(path.Index(i).Child("image"), image, "must not have leading or trailing whitespace"));
            }
        }

        return true;
    }

    // activeDeadlineSeconds may be set where it was not, or lowered, but never removed or raised.
    private static bool ValidateActiveDeadline(JsonObject spec, JsonObject oldSpec, FieldPath path, FieldErrorList errors)
    {
        var deadline = JsonFields.Integer(spec, "activeDeadlineSeconds");
        var oldDeadline = JsonFields.Integer(oldSpec, "activeDeadlineSeconds");
        if (deadline is { } value)
        {
            if (value is < 0 or > int.MaxValue)
            {
                errors.Add(FieldError.Invalid(path, value, ValidationRules.InclusiveRangeError(0, int.MaxValue)));
                return false;
            }

            if (oldDeadline < value)
            {
                errors.Add(FieldError.Invalid(path, value, "must be less than or equal to previous value"));
                return false;
            }
        }
        else if (oldDeadline is not null)
        {
            errors.Add(FieldError.Invalid(path, null, "must not update from a positive integer to nil value"));
        }

        return true;
    }

    // Every existing toleration must still be there; only its tolerationSeconds may differ.
    private static void ValidateOnlyAddedTolerations(JsonObject spec, JsonObject oldSpec, FieldPath path, FieldErrorList errors)
    {
        var tolerations = JsonFields.Objects(JsonFields.Array(spec, "tolerations")).Select(t => t.Item).ToList();
        foreach (var (_, old) in JsonFields.Objects(JsonFields.Array(oldSpec, "tolerations")))
        {
            var found = tolerations.Any(candidate =>
            {
                var withSeconds = old.DeepClone().AsObject();
                SetOrRemove(withSeconds, "tolerationSeconds", candidate["tolerationSeconds"]);
                return JsonSemantics.AreEqual(withSeconds, candidate);
            });
            if (!found)
            {
                errors.Add(FieldError.Forbidden(path, "existing toleration can not be modified except its tolerationSeconds"));
                return;
            }
        }
    }

    private static void ValidateOnlyDeletedSchedulingGates(JsonObject spec, JsonObject oldSpec, FieldPath path, FieldErrorList errors)
    {
        var oldGates = JsonFields.Objects(JsonFields.Array(oldSpec, "schedulingGates"))
            .Select(gate => JsonFields.String(gate.Item, "name") ?? "")
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (i, gate) in JsonFields.Objects(JsonFields.Array(spec, "schedulingGates")))
        {
            var name = JsonFields.String(gate, "name") ?? "";
            if (!oldGates.Contains(name))
            {
                errors.Add(FieldError.Forbidden(path.Index(i).Child("name"), $"only deletion is allowed, but found new scheduling gate '{name}'"));
            }
        }
    }

    private static void SetOrRemove(JsonObject obj, string field, JsonNode? value)
    {
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
