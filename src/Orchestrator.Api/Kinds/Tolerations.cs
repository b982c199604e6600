using System.Text.Json.Nodes;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// Pod tolerations: Kubernetes' ValidateTolerations, and the two tolerations its
/// DefaultTolerationSeconds admission plugin adds so that a pod stays 300 s on a node that
/// became not-ready or unreachable before it is evicted.
/// </summary>
internal static class Tolerations
{
    public const string NotReadyTaint = "node.kubernetes.io/not-ready";
    public const string UnreachableTaint = "node.kubernetes.io/unreachable";
    public const long DefaultTolerationSeconds = 300;

    private static readonly string[] Operators = ["Equal", "Exists"];

    public static FieldErrorList Validate(JsonObject? spec, FieldPath path)
    {
        var errors = new FieldErrorList();
        foreach (var (i, toleration) in JsonFields.ReadObjects(spec, "tolerations", path, errors))
        {
            var itemPath = path.Index(i);
            var key = JsonFields.ReadString(toleration, "key", itemPath.Child("key"), errors);
            var op = JsonFields.ReadString(toleration, "operator", itemPath.Child("operator"), errors);
            var value = JsonFields.ReadString(toleration, "value", itemPath.Child("value"), errors);
            var effect = JsonFields.ReadString(toleration, "effect", itemPath.Child("effect"), errors);
            var seconds = JsonFields.ReadInteger(toleration, "tolerationSeconds", itemPath.Child("tolerationSeconds"), errors);
            if (key.Length > 0)
            {
                foreach (var message in ValidationRules.IsQualifiedName(key))
                {
                    errors.Add(FieldError.Invalid(itemPath.Child("key"), key, message));
                }
            }
            else if (op != "Exists")
            {
                errors.Add(FieldError.Invalid(itemPath.Child("operator"), op,
                    "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
            }

            if (seconds is not null && effect != Taints.NoExecute)
            {
                errors.Add(FieldError.Invalid(itemPath.Child("effect"), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
            }

            switch (op)
            {
                case "" or "Equal":
                    var valueErrors = ValidationRules.IsValidLabelValue(value);
                    if (valueErrors.Count > 0)
                    {
                        errors.Add(FieldError.Invalid(itemPath.Child("operator"), value, string.Join(";", valueErrors)));
                    }

                    break;
                case "Exists":
                    if (value.Length > 0)
                    {
                        errors.Add(FieldError.Invalid(itemPath.Child("operator"), value, "value must be empty when `operator` is 'Exists'"));
                    }

                    break;
                default:
                    errors.Add(FieldError.NotSupported(itemPath.Child("operator"), op, Operators));
                    break;
            }

            Taints.ValidateEffect(effect, allowEmpty: true, itemPath.Child("effect"), errors);
        }

        return errors;
    }

    /// <summary>Adds the not-ready and unreachable tolerations unless the pod already tolerates those taints.</summary>
    public static void AddDefaultTolerations(JsonObject spec, long notReadySeconds, long unreachableSeconds)
    {
        var tolerations = spec["tolerations"] as JsonArray;
        if (spec["tolerations"] is not null && tolerations is null)
        {
            return;
        }

        var toleratesNotReady = false;
        var toleratesUnreachable = false;
        foreach (var (_, toleration) in JsonFields.Objects(tolerations))
        {
            var key = JsonFields.String(toleration, "key") ?? "";
            var effect = JsonFields.String(toleration, "effect") ?? "";
            if (effect is "" or Taints.NoExecute)
            {
                toleratesNotReady |= key is "" or NotReadyTaint;
                toleratesUnreachable |= key is "" or UnreachableTaint;
            }
        }

        if (toleratesNotReady && toleratesUnreachable)
        {
            return;
        }

        if (tolerations is null)
        {
            tolerations = [];
            spec["tolerations"] = tolerations;
        }

        if (!toleratesNotReady)
        {
            tolerations.Add(DefaultToleration(NotReadyTaint, notReadySeconds));
        }

        if (!toleratesUnreachable)
        {
            tolerations.Add(DefaultToleration(UnreachableTaint, unreachableSeconds));
        }
    }

    private static JsonObject DefaultToleration(string key, long tolerationSeconds) => new()
    {
        ["key"] = key,
        ["operator"] = "Exists",
        ["effect"] = Taints.NoExecute,
        ["tolerationSeconds"] = JsonFields.Number(tolerationSeconds),
    };
}
