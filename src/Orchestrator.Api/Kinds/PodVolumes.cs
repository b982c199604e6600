using System.Text.Json.Nodes;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// A pod's volumes, validated as Kubernetes' ValidateVolumes: unique DNS-label names and exactly one
/// source each, with the required fields of the sources this orchestrator runs (emptyDir, hostPath,
/// secret, configMap, persistentVolumeClaim, downwardAPI, projected, nfs).
/// </summary>
internal static class PodVolumes
{
    /// <summary>The volume source fields of the v1 API, in the order Kubernetes checks them.</summary>
    public static readonly string[] SourceTypes =
    [
        "emptyDir", "hostPath", "gitRepo", "gcePersistentDisk", "awsElasticBlockStore", "secret", "nfs", "iscsi",
        "glusterfs", "flocker", "persistentVolumeClaim", "rbd", "cinder", "cephfs", "quobyte", "downwardAPI", "fc",
        "flexVolume", "configMap", "azureFile", "vsphereVolume", "photonPersistentDisk", "portworxVolume", "azureDisk",
        "storageos", "projected", "scaleIO", "csi", "ephemeral", "image",
    ];

    private const string FileModeMessage = "must be a number between 0 and 0777 (octal), both inclusive";

    private static readonly string[] HostPathTypes =
        ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];

    /// <summary>
    /// Validates the volumes and answers the valid ones by name: the only ones a volume mount may
    /// reference, as in Kubernetes.
    /// </summary>
    public static Dictionary<string, JsonObject> Validate(JsonObject spec, FieldPath path, FieldErrorList errors)
    {
        var valid = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (i, volume) in JsonFields.ReadObjects(spec, "volumes", path, errors))
        {
            var itemPath = path.Index(i);
            var namePath = itemPath.Child("name");
            var volumeErrors = new FieldErrorList();
            ValidateSource(volume, itemPath, volumeErrors);
            var name = JsonFields.ReadString(volume, "name", namePath, volumeErrors);
            if (name.Length == 0)
            {
                volumeErrors.Add(FieldError.Required(namePath));
            }
            else
            {
                foreach (var message in ValidationRules.IsDns1123Label(name))
                {
                    volumeErrors.Add(FieldError.Invalid(namePath, name, message));
                }
            }

            if (valid.ContainsKey(name))
            {
                volumeErrors.Add(FieldError.Duplicate(namePath, name));
            }

            if (volumeErrors.IsEmpty)
            {
                valid[name] = volume;
            }

            errors.AddRange(volumeErrors);
        }

        return valid;
    }

    private static void ValidateSource(JsonObject volume, FieldPath path, FieldErrorList errors)
    {
        string? source = null;
        foreach (var type in SourceTypes)
        {
            if (volume[type] is null)
            {
                continue;
            }

            if (source is not null)
            {
                errors.Add(FieldError.Forbidden(path.Child(type), "may not specify more than 1 volume type"));
                continue;
            }

            source = type;
            var sourcePath = path.Child(type);
            if (JsonFields.ReadObject(volume, type, sourcePath, errors) is { } body)
            {
                ValidateSourceBody(type, body, sourcePath, errors);
            }
        }

        if (source is null)
        {
            errors.Add(FieldError.Required(path, "must specify a volume type"));
        }
    }

    private static void ValidateSourceBody(string type, JsonObject body, FieldPath path, FieldErrorList errors)
    {
        switch (type)
        {
            case "emptyDir":
                if (body["sizeLimit"] is { } sizeLimit
                    && ResourceQuantities.TryRead(sizeLimit, path.Child("sizeLimit"), errors, out var limit)
                    && limit.IsNegative)
                {
                    errors.Add(FieldError.Forbidden(path.Child("sizeLimit"), "SizeLimit field must be a valid resource quantity"));
                }

                break;
            case "hostPath":
                var hostPath = JsonFields.ReadString(body, "path", path.Child("path"), errors);
                if (hostPath.Length == 0)
                {
                    errors.Add(FieldError.Required(path.Child("path")));
                    break;
                }

                ValidateNoBacksteps(hostPath, path.Child("path"), errors);
                var hostPathType = JsonFields.ReadString(body, "type", path.Child("type"), errors);
                if (!HostPathTypes.Contains(hostPathType, StringComparer.Ordinal))
                {
                    errors.Add(FieldError.NotSupported(path.Child("type"), hostPathType, HostPathTypes));
                }

                break;
            case "secret":
                RequireString(body, "secretName", path, errors);
                ValidateMode(body, path, errors);
                break;
            case "configMap":
                RequireString(body, "name", path, errors);
                ValidateMode(body, path, errors);
                break;
            case "persistentVolumeClaim":
                RequireString(body, "claimName", path, errors);
                break;
            case "downwardAPI" or "projected":
                ValidateMode(body, path, errors);
                break;
            case "nfs":
                RequireString(body, "server", path, errors);
                var nfsPath = RequireString(body, "path", path, errors);
                if (nfsPath.Length > 0 && !nfsPath.StartsWith('/'))
                {
                    errors.Add(FieldError.Invalid(path.Child("path"), nfsPath, "must be an absolute path"));
                }

                break;
        }
    }

    /// <summary>Kubernetes' validatePathNoBacksteps: no ".." element.</summary>
    public static void ValidateNoBacksteps(string value, FieldPath path, FieldErrorList errors)
    {
        if (value.Split('/', '\\').Contains("..", StringComparer.Ordinal))
        {
            errors.Add(FieldError.Invalid(path, value, "must not contain '..'"));
        }
    }

    /// <summary>Kubernetes' validateLocalDescendingPath: relative, without "..".</summary>
    public static void ValidateLocalDescendingPath(string value, FieldPath path, FieldErrorList errors)
    {
        if (value.StartsWith('/'))
        {
            errors.Add(FieldError.Invalid(path, value, "must be a relative path"));
        }

        ValidateNoBacksteps(value, path, errors);
    }

    private static string RequireString(JsonObject body, string field, FieldPath path, FieldErrorList errors)
    {
        var value = JsonFields.ReadString(body, field, path.Child(field), errors);
        if (body[field] is null || (JsonFields.TryString(body[field], out var text) && text.Length == 0))
        {
            errors.Add(FieldError.Required(path.Child(field)));
        }

        return value;
    }

    private static void ValidateMode(JsonObject body, FieldPath path, FieldErrorList errors)
    {
        if (JsonFields.ReadInteger(body, "defaultMode", path.Child("defaultMode"), errors) is { } mode && mode is < 0 or > 511)
        {
            errors.Add(FieldError.Invalid(path.Child("defaultMode"), mode, FileModeMessage));
        }
    }
}
