using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Patching;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Entities;

/// <summary>
/// What every write does to an object whatever its kind (Kubernetes' generic registry): system
/// metadata, status kept apart, generation, defaulting and validation through the kind's strategy.
/// Pure functions over JSON trees, so both the HTTP layer and the entities use them.
/// </summary>
public static class ObjectWrites
{
    private const string NameSuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>Kubernetes' timestamp format: RFC 3339 in UTC, whole seconds.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Turns metadata.generateName into a name with Kubernetes' 5-character random suffix.</summary>
    public static void GenerateNameIfNeeded(JsonObject obj)
    {
        var metadata = KubeObject.Metadata(obj);
        if (!string.IsNullOrEmpty(KubeObject.Name(obj)) || KubeObject.GetString(obj, "metadata", "generateName") is not { Length: > 0 } prefix)
        {
            return;
        }

        Span<char> suffix = stackalloc char[5];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = NameSuffixAlphabet[RandomNumberGenerator.GetInt32(NameSuffixAlphabet.Length)];
        }

        // Kubernetes caps the prefix so the name stays within 63 characters.
        metadata["name"] = (prefix.Length > 58 ? prefix[..58] : prefix) + new string(suffix);
    }

    /// <summary>Defaults, fills system metadata and validates a new object; throws 422 with every field error.</summary>
    public static void PrepareCreate(ResourceType type, JsonObject obj, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        var metadata = KubeObject.Metadata(obj);
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Timestamp(now);
        if (type.TracksGeneration)
        {
            metadata["generation"] = 1;
        }
        else
        {
            metadata.Remove("generation");
        }

        metadata.Remove("resourceVersion");
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        metadata.Remove("selfLink");
        if (type.HasStatus)
        {
            obj.Remove("status");
        }

        type.Strategy.Default(obj);
        type.Strategy.PrepareForCreate(obj);
        var errors = ObjectMetaValidator.Validate(metadata, type.Namespaced, type.Strategy.NameValidator);
        errors.AddRange(type.Strategy.ValidateCreate(obj));
        ThrowIfInvalid(type, obj, errors);
    }

    /// <summary>
    /// Makes <paramref name="obj"/> the next version of <paramref name="old"/>: checks the
    /// resourceVersion and uid preconditions, keeps what a client may not change, bumps the generation
    /// when the spec changed, and validates. <paramref name="subresource"/> "status" changes only the status.
    /// </summary>
    public static void PrepareUpdate(ResourceType type, JsonObject obj, JsonObject old, string? subresource)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        var name = KubeObject.Name(old) ?? "";
        var metadata = KubeObject.Metadata(obj);
        var oldMetadata = KubeObject.Metadata(old);
        var resourceVersion = KubeObject.ResourceVersion(obj);
        if (!string.IsNullOrEmpty(resourceVersion) && resourceVersion != KubeObject.ResourceVersion(old))
        {
            throw StatusException.Conflict(type, name, "the object has been modified; please apply your changes to the latest version and try again");
        }

        var uid = KubeObject.Uid(obj);
        if (!string.IsNullOrEmpty(uid) && uid != KubeObject.Uid(old))
        {
            throw StatusException.Conflict(type, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {KubeObject.Uid(old)}");
        }

        if (KubeObject.Name(obj) is { } newName && newName != name)
        {
            throw StatusException.BadRequest($"the name of the object ({newName}) does not match the name on the URL ({name})");
        }

        if (subresource == "finalize")
        {
            // Namespace finalize: only spec.finalizers change.
            var finalizers = KubeObject.Get(obj, "spec", "finalizers")?.DeepClone();
            obj.Clear();
            foreach (var (key, value) in old)
            {
                obj[key] = value?.DeepClone();
            }

            SetOrRemove(KubeObject.EnsureObject(obj, "spec"), "finalizers", finalizers);
            metadata = KubeObject.Metadata(obj);
        }
        else if (subresource == "status")
        {
            var status = obj["status"]?.DeepClone();
            var labels = metadata["labels"]?.DeepClone();
            var annotations = metadata["annotations"]?.DeepClone();
            obj.Clear();
            foreach (var (key, value) in old)
            {
                obj[key] = value?.DeepClone();
            }

            SetOrRemove(obj, "status", status);
            metadata = KubeObject.Metadata(obj);
            SetOrRemove(metadata, "labels", labels);
            SetOrRemove(metadata, "annotations", annotations);
        }
        else if (type.HasStatus)
        {
            SetOrRemove(obj, "status", old["status"]?.DeepClone());
        }

        foreach (var systemField in (string[])["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"])
        {
            SetOrRemove(metadata, systemField, oldMetadata[systemField]?.DeepClone());
        }

        metadata["namespace"] = oldMetadata["namespace"]?.DeepClone();
        if (metadata["namespace"] is null)
        {
            metadata.Remove("namespace");
        }

        metadata["resourceVersion"] = KubeObject.ResourceVersion(old);
        metadata.Remove("selfLink");

        // As Kubernetes does: an update that leaves managedFields out keeps the recorded owners.
        if (metadata["managedFields"] is null && oldMetadata["managedFields"] is { } managed)
        {
            metadata["managedFields"] = managed.DeepClone();
        }

        FieldErrorList errors;
        if (subresource == "finalize")
        {
            errors = [];
        }
        else if (subresource == "status")
        {
            errors = type.Strategy.ValidateStatusUpdate(obj, old);
        }
        else
        {
            type.Strategy.Default(obj);
            type.Strategy.PrepareForUpdate(obj, old);
            errors = ObjectMetaValidator.Validate(metadata, type.Namespaced, type.Strategy.NameValidator);
            errors.AddRange(type.Strategy.ValidateUpdate(obj, old));
            if (type.TracksGeneration && SpecChanged(obj, old))
            {
                metadata["generation"] = (KubeObject.GetInt64(old, "metadata", "generation") ?? 1) + 1;
            }
        }

        ThrowIfInvalid(type, obj, errors);
    }

    /// <summary>Applies a patch to a copy of the stored object; a malformed patch is a 400, an unapplicable one 422.</summary>
    public static JsonObject ApplyPatch(ResourceType type, JsonObject old, PatchKind kind, JsonNode patch)
    {
        ArgumentNullException.ThrowIfNull(type);
        try
        {
            var patched = kind switch
            {
                PatchKind.Merge => JsonMergePatch.Apply(old, patch),
                PatchKind.Json => patch is JsonArray operations
                    ? JsonPatch.Apply(old, operations)
                    : throw StatusException.BadRequest("a json patch must be a JSON array of operations"),
                PatchKind.StrategicMerge => patch is JsonObject patchObject
                    ? StrategicMergePatch.Apply(old, patchObject, type.Kind)
                    : throw StatusException.BadRequest("a strategic merge patch must be a JSON object"),
                _ => throw StatusException.BadRequest($"unknown patch type {kind}"),
            };
            return patched as JsonObject
                ?? throw new StatusException(422, "Invalid", $"the patch made the {type.Kind} something other than an object");
        }
        catch (PatchException e)
        {
            throw new StatusException(422, "Invalid", e.Message);
        }
    }

    /// <summary>Server-side apply of <paramref name="config"/> to the stored object (or to nothing, for a create); a conflict is a 409 naming each field.</summary>
    public static JsonObject ServerSideApply(ResourceType type, JsonObject? old, JsonNode config, ApplyOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(options);
        if (config is not JsonObject configObject)
        {
            throw StatusException.BadRequest("an apply patch must be an object");
        }

        try
        {
            return Model.Patching.ServerSideApply.Apply(old, configObject, type.Kind, options.FieldManager, options.Force, now);
        }
        catch (ApplyConflictException e)
        {
            var causes = new JsonArray();
            foreach (var conflict in e.Conflicts)
            {
                causes.Add(new JsonObject { ["reason"] = "FieldManagerConflict", ["message"] = $"conflict with \"{conflict.Manager}\"", ["field"] = conflict.Field });
            }

            var details = new JsonObject { ["name"] = KubeObject.Name(old ?? configObject), ["kind"] = type.Plural, ["causes"] = causes };
            if (type.Group.Length > 0)
            {
                details["group"] = type.Group;
            }

            throw new StatusException(409, "Conflict", e.Message, details);
        }
        catch (PatchException e)
        {
            throw new StatusException(422, "Invalid", e.Message);
        }
    }

    /// <summary>Whether anything besides metadata and status differs: that is what bumps the generation.</summary>
    public static bool SpecChanged(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        var keys = obj.Select(p => p.Key).Concat(old.Select(p => p.Key)).Where(k => k is not ("metadata" or "status" or "apiVersion" or "kind")).Distinct();
        return keys.Any(k => !JsonNode.DeepEquals(obj[k], old[k]));
    }

    /// <summary>Whether the update changes nothing at all, in which case Kubernetes writes nothing and keeps the resourceVersion.</summary>
    public static bool Unchanged(JsonObject obj, JsonObject old) => JsonNode.DeepEquals(obj, old);

    private static void ThrowIfInvalid(ResourceType type, JsonObject obj, FieldErrorList errors)
    {
        if (!errors.IsEmpty)
        {
            throw StatusException.Invalid(type, KubeObject.Name(obj) ?? KubeObject.GetString(obj, "metadata", "generateName") ?? "", errors);
        }
    }

    private static void SetOrRemove(JsonObject obj, string key, JsonNode? value)
    {
        if (value is null)
        {
            obj.Remove(key);
        }
        else
        {
            obj[key] = value;
        }
    }
}
