using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// v1 Namespace (Kubernetes' pkg/registry/core/namespace): a DNS-label name mirrored into the
/// kubernetes.io/metadata.name label, Active on create with the "kubernetes" finalizer in spec.finalizers
/// (which only the namespace controller removes, so updates keep the stored ones), and a phase that
/// must agree with the deletion timestamp.
/// </summary>
public sealed class NamespaceStrategy : ResourceStrategy
{
    public const string KubernetesFinalizer = "kubernetes";
    public const string MetadataNameLabel = "kubernetes.io/metadata.name";
    public const string Active = "Active";
    public const string Terminating = "Terminating";

    private static readonly HashSet<string> StandardFinalizers = new(StringComparer.Ordinal) { KubernetesFinalizer, "orphan", "foregroundDeletion" };

    /// <summary>The namespaces the cluster itself relies on: NamespaceLifecycle admission refuses to delete them.</summary>
    private static readonly HashSet<string> Immortal = new(StringComparer.Ordinal) { "default", "kube-system", "kube-public" };

    public override NameValidator NameValidator => NameValidators.DnsLabel;

    /// <summary>Besides metadata.finalizers, spec.finalizers: the namespace controller's "kubernetes", cleared through /finalize once the namespace is empty.</summary>
    public override IReadOnlyList<string> PendingFinalizers(JsonObject obj)
    {
        var finalizers = base.PendingFinalizers(obj);
        return KubeObject.Get(obj, "spec", "finalizers") is JsonArray { Count: > 0 } spec
            ? [.. finalizers, .. spec.Select(f => f?.ToString() ?? "")]
            : finalizers;
    }

    public override void PrepareForDelete(JsonObject obj) => KubeObject.EnsureObject(obj, "status")["phase"] = Terminating;

    public override string? ForbidsDelete(string name) => Immortal.Contains(name) ? "this namespace may not be deleted" : null;

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        SetNameLabel(obj);
        if (obj["status"] is null)
        {
            obj["status"] = new JsonObject();
        }

        if (obj["status"] is JsonObject status)
        {
            JsonFields.SetDefaultString(status, "phase", Active);
        }
    }

    public override void PrepareForCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject { ["phase"] = Active };
        SetNameLabel(obj);
        if (obj["spec"] is null)
        {
            obj["spec"] = new JsonObject();
        }

        if (obj["spec"] is not JsonObject spec)
        {
            return;
        }

        if (spec["finalizers"] is null)
        {
            spec["finalizers"] = new JsonArray();
        }

        if (spec["finalizers"] is JsonArray finalizers
            && !finalizers.Any(f => JsonFields.TryString(f, out var name) && name == KubernetesFinalizer))
        {
            finalizers.Add(KubernetesFinalizer);
        }
    }

    public override void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        SetNameLabel(obj);
        var finalizers = JsonFields.Object(old, "spec")?["finalizers"]?.DeepClone();
        if (obj["spec"] is not JsonObject spec)
        {
            spec = [];
            obj["spec"] = spec;
        }

        if (finalizers is null)
        {
            spec.Remove("finalizers");
        }
        else
        {
            spec["finalizers"] = finalizers;
        }
    }

    public override FieldErrorList ValidateCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var errors = new FieldErrorList();
        var specPath = FieldPath.Root("spec");
        var spec = JsonFields.ReadObject(obj, "spec", specPath, errors);
        var path = specPath.Child("finalizers");
        var finalizers = JsonFields.ReadArray(spec, "finalizers", path, errors) ?? [];
        foreach (var node in finalizers)
        {
            if (!JsonFields.TryString(node, out var finalizer))
            {
                errors.Add(JsonFields.TypeError(path, node, "must be a string"));
                continue;
            }

            foreach (var message in ValidationRules.IsQualifiedName(finalizer))
            {
                errors.Add(FieldError.Invalid(path, finalizer, message));
            }

            if (!finalizer.Contains('/', StringComparison.Ordinal) && !StandardFinalizers.Contains(finalizer))
            {
                errors.Add(FieldError.Invalid(path, finalizer, "name is neither a standard finalizer name nor is it fully qualified"));
            }
        }

        return errors;
    }

    public override FieldErrorList ValidateStatusUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        var errors = new FieldErrorList();

        // Kubernetes names this field with a capital P in its message.
        var path = FieldPath.Root("status", "Phase");
        var phase = JsonFields.String(JsonFields.Object(obj, "status"), "phase") ?? "";
        if (string.IsNullOrEmpty(KubeObject.DeletionTimestamp(obj)))
        {
            if (phase != Active)
            {
                errors.Add(FieldError.Invalid(path, phase, "may only be 'Active' if `deletionTimestamp` is empty"));
            }
        }
        else if (phase != Terminating)
        {
            errors.Add(FieldError.Invalid(path, phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
        }

        return errors;
    }

    // Lets label selectors pick namespaces by name (SetDefaults_Namespace).
    private static void SetNameLabel(JsonObject obj)
    {
        var name = KubeObject.Name(obj);
        if (string.IsNullOrEmpty(name) || obj["metadata"] is not JsonObject metadata)
        {
            return;
        }

        if (metadata["labels"] is null)
        {
            metadata["labels"] = new JsonObject();
        }

        if (metadata["labels"] is JsonObject labels)
        {
            labels[MetadataNameLabel] = name;
        }
    }
}
