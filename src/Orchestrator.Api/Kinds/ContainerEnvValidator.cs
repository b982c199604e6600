using System.Text.Json.Nodes;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// A container's environment (Kubernetes' ValidateEnv and ValidateEnvFrom): variable names, and
/// exactly one source for a value taken from the pod, its resources, a config map or a secret.
/// </summary>
internal static class ContainerEnvValidator
{
    private static readonly string[] EnvFieldPaths =
    [
        "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName",
        "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
    ];

    private static readonly string[] EnvResourceFields =
    [
        "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory",
    ];

    public static void ValidateEnv(JsonObject container, FieldPath path, FieldErrorList errors)
    {
        foreach (var (i, env) in JsonFields.ReadObjects(container, "env", path, errors))
        {
            var itemPath = path.Index(i);
            var name = JsonFields.ReadString(env, "name", itemPath.Child("name"), errors);
            if (name.Length == 0)
            {
                errors.Add(FieldError.Required(itemPath.Child("name")));
            }
            else
            {
                foreach (var message in ValidationRules.IsEnvVarName(name))
                {
                    errors.Add(FieldError.Invalid(itemPath.Child("name"), name, message));
                }
            }

            var value = JsonFields.ReadString(env, "value", itemPath.Child("value"), errors);
            var valueFromPath = itemPath.Child("valueFrom");
            if (JsonFields.ReadObject(env, "valueFrom", valueFromPath, errors) is { } valueFrom)
            {
                ValidateValueFrom(valueFrom, value, valueFromPath, errors);
            }
        }
    }

    private static void ValidateValueFrom(JsonObject valueFrom, string value, FieldPath path, FieldErrorList errors)
    {
        var sources = 0;
        if (JsonFields.ReadObject(valueFrom, "fieldRef", path.Child("fieldRef"), errors) is { } fieldRef)
        {
            sources++;
            ValidateFieldRef(fieldRef, path.Child("fieldRef"), errors);
        }

        if (JsonFields.ReadObject(valueFrom, "resourceFieldRef", path.Child("resourceFieldRef"), errors) is { } resourceFieldRef)
        {
            sources++;
            var resource = JsonFields.ReadString(resourceFieldRef, "resource", path.Child("resourceFieldRef", "resource"), errors);
            if (resource.Length == 0)
            {
                errors.Add(FieldError.Required(path.Child("resourceFieldRef", "resource")));
            }
            else if (!EnvResourceFields.Contains(resource, StringComparer.Ordinal)
                && !resource.StartsWith("requests.hugepages-", StringComparison.Ordinal)
                && !resource.StartsWith("limits.hugepages-", StringComparison.Ordinal))
            {
                errors.Add(FieldError.NotSupported(path.Child("resourceFieldRef", "resource"), resource, EnvResourceFields));
            }
        }

        foreach (var keyRef in (string[])["configMapKeyRef", "secretKeyRef"])
        {
            if (JsonFields.ReadObject(valueFrom, keyRef, path.Child(keyRef), errors) is { } selector)
            {
                sources++;
                ValidateKeySelector(selector, path.Child(keyRef), errors);
            }
        }

        if (sources == 0)
        {
            errors.Add(FieldError.Invalid(path, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
        }
        else if (value.Length != 0)
        {
            errors.Add(FieldError.Invalid(path, "", "may not be specified when `value` is not empty"));
        }
        else if (sources > 1)
        {
            errors.Add(FieldError.Invalid(path, "", "may not have more than one field specified at a time"));
        }
    }

    private static void ValidateFieldRef(JsonObject fieldRef, FieldPath path, FieldErrorList errors)
    {
        var apiVersion = JsonFields.ReadString(fieldRef, "apiVersion", path.Child("apiVersion"), errors);
        if (apiVersion.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("apiVersion")));
            return;
        }

        var fieldPath = JsonFields.ReadString(fieldRef, "fieldPath", path.Child("fieldPath"), errors);
        if (fieldPath.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("fieldPath")));
            return;
        }

        // metadata.labels['key'] and metadata.annotations['key'] name one entry.
        var bracket = fieldPath.IndexOf("['", StringComparison.Ordinal);
        if (bracket > 0 && fieldPath.EndsWith("']", StringComparison.Ordinal))
        {
            var field = fieldPath[..bracket];
            var key = fieldPath[(bracket + 2)..^2];
            switch (field)
            {
                case "metadata.annotations":
                    key = key.ToLowerInvariant();
                    goto case "metadata.labels";
                case "metadata.labels":
                    foreach (var message in ValidationRules.IsQualifiedName(key))
                    {
                        errors.Add(FieldError.Invalid(path, key, message));
                    }

                    break;
                default:
                    errors.Add(FieldError.Invalid(path, field, "does not support subscript"));
                    break;
            }

            return;
        }

        if (!EnvFieldPaths.Contains(fieldPath, StringComparer.Ordinal))
        {
            errors.Add(FieldError.NotSupported(path.Child("fieldPath"), fieldPath, EnvFieldPaths));
        }
    }

    private static void ValidateKeySelector(JsonObject selector, FieldPath path, FieldErrorList errors)
    {
        var name = JsonFields.ReadString(selector, "name", path.Child("name"), errors);
        foreach (var message in NameValidators.DnsSubdomain(name, false))
        {
            errors.Add(FieldError.Invalid(path.Child("name"), name, message));
        }

        var key = JsonFields.ReadString(selector, "key", path.Child("key"), errors);
        if (key.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("key")));
            return;
        }

        foreach (var message in ValidationRules.IsConfigMapKey(key))
        {
            errors.Add(FieldError.Invalid(path.Child("key"), key, message));
        }
    }

    public static void ValidateEnvFrom(JsonObject container, FieldPath path, FieldErrorList errors)
    {
        foreach (var (i, source) in JsonFields.ReadObjects(container, "envFrom", path, errors))
        {
            var itemPath = path.Index(i);
            var prefix = JsonFields.ReadString(source, "prefix", itemPath.Child("prefix"), errors);
            if (prefix.Length > 0)
            {
                foreach (var message in ValidationRules.IsEnvVarName(prefix))
                {
                    errors.Add(FieldError.Invalid(itemPath.Child("prefix"), prefix, message));
                }
            }

            var sources = 0;
            foreach (var reference in (string[])["configMapRef", "secretRef"])
            {
                if (JsonFields.ReadObject(source, reference, itemPath.Child(reference), errors) is not { } target)
                {
                    continue;
                }

                sources++;
                var namePath = itemPath.Child(reference, "name");
                var name = JsonFields.ReadString(target, "name", namePath, errors);
                if (name.Length == 0)
                {
                    errors.Add(FieldError.Required(namePath));
                    continue;
                }

                foreach (var message in NameValidators.DnsSubdomain(name, true))
                {
                    errors.Add(FieldError.Invalid(namePath, name, message));
                }
            }

            // Kubernetes reports these on the list, not the entry.
            if (sources == 0)
            {
                errors.Add(FieldError.Invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"));
            }
            else if (sources > 1)
            {
                errors.Add(FieldError.Invalid(path, "", "may not have more than one field specified at a time"));
            }
        }
    }
}
