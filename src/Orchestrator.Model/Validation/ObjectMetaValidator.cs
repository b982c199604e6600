using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Model.Validation;

/// <summary>
/// Validates an object's metadata as Kubernetes' ValidateObjectMeta does: name or generateName,
/// namespace (required for namespaced kinds, forbidden otherwise), label keys and values,
/// annotation keys and their total size.
/// </summary>
public static class ObjectMetaValidator
{
    /// <summary>The most bytes all annotation keys and values of one object may hold together (256 KiB).</summary>
    public const int TotalAnnotationSizeLimit = 256 * 1024;

    /// <summary>
    /// Validates <paramref name="metadata"/> (the object's <c>metadata</c>). The name is checked with
    /// <paramref name="validateName"/>, DNS-1123 subdomain by default. Errors are reported under
    /// <paramref name="path"/>, <c>metadata</c> by default.
    /// </summary>
    public static FieldErrorList Validate(JsonObject? metadata, bool namespaced, NameValidator? validateName = null, FieldPath? path = null)
    {
        validateName ??= NameValidators.DnsSubdomain;
        path ??= FieldPath.Root("metadata");
        var errors = new FieldErrorList();

        var generateName = ReadString(metadata, "generateName", path.Child("generateName"), errors);
        if (generateName.Length > 0)
        {
            foreach (var message in validateName(generateName, true))
            {
                errors.Add(FieldError.Invalid(path.Child("generateName"), generateName, message));
            }
        }

        var name = ReadString(metadata, "name", path.Child("name"), errors);
        if (name.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("name"), "name or generateName is required"));
        }
        else
        {
            foreach (var message in validateName(name, false))
            {
                errors.Add(FieldError.Invalid(path.Child("name"), name, message));
            }
        }

        var ns = ReadString(metadata, "namespace", path.Child("namespace"), errors);
        if (namespaced)
        {
            if (ns.Length == 0)
            {
                errors.Add(FieldError.Required(path.Child("namespace")));
            }
            else
            {
                foreach (var message in NameValidators.DnsLabel(ns, false))
                {
                    errors.Add(FieldError.Invalid(path.Child("namespace"), ns, message));
                }
            }
        }
        else if (ns.Length > 0)
        {
            errors.Add(FieldError.Forbidden(path.Child("namespace"), "not allowed on this type"));
        }

        errors.AddRange(ValidateLabels(metadata?["labels"] as JsonObject, path.Child("labels")));
        errors.AddRange(ValidateAnnotations(metadata?["annotations"] as JsonObject, path.Child("annotations")));
        return errors;
    }

    /// <summary>Label keys must be qualified names and values valid label values.</summary>
    public static FieldErrorList ValidateLabels(JsonObject? labels, FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var errors = new FieldErrorList();
        if (labels is null)
        {
            return errors;
        }

        foreach (var (key, node) in labels)
        {
            foreach (var message in ValidationRules.IsQualifiedName(key))
            {
                errors.Add(FieldError.Invalid(path, key, message));
            }

            if (!TryGetString(node, out var value))
            {
                errors.Add(FieldError.Invalid(path.Key(key), node, "must be a string"));
                continue;
            }

            foreach (var message in ValidationRules.IsValidLabelValue(value))
            {
                errors.Add(FieldError.Invalid(path, value, message));
            }
        }

        return errors;
    }

    /// <summary>Annotation keys must be qualified names (case-insensitively); all entries together at most 256 KiB.</summary>
    public static FieldErrorList ValidateAnnotations(JsonObject? annotations, FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var errors = new FieldErrorList();
        if (annotations is null)
        {
            return errors;
        }

        long totalSize = 0;
        foreach (var (key, node) in annotations)
        {
            foreach (var message in ValidationRules.IsQualifiedName(key.ToLowerInvariant()))
            {
                errors.Add(FieldError.Invalid(path, key, message));
            }

            if (!TryGetString(node, out var value))
            {
                errors.Add(FieldError.Invalid(path.Key(key), node, "must be a string"));
                continue;
            }

            totalSize += ValidationRules.ByteLength(key) + ValidationRules.ByteLength(value);
        }

        if (totalSize > TotalAnnotationSizeLimit)
        {
            errors.Add(FieldError.TooLong(path, string.Empty, TotalAnnotationSizeLimit));
        }

        return errors;
    }

    private static string ReadString(JsonObject? metadata, string field, FieldPath path, FieldErrorList errors)
    {
        var node = metadata?[field];
        if (node is null)
        {
            return string.Empty;
        }

        if (TryGetString(node, out var value))
        {
            return value;
        }

        errors.Add(FieldError.Invalid(path, node, "must be a string"));
        return string.Empty;
    }

    private static bool TryGetString(JsonNode? node, out string value)
    {
        if (node is JsonValue jsonValue && jsonValue.GetValueKind() == JsonValueKind.String)
        {
            value = jsonValue.GetValue<string>();
            return true;
        }

        value = string.Empty;
        return false;
    }
}
