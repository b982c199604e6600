using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// The kinds of compute resource names Kubernetes tells apart (pkg/apis/core/helper): native ones
/// (cpu, memory, kubernetes.io/...), huge pages, and extended resources (example.com/gpu), which
/// are counted in whole units and may not be overcommitted.
/// </summary>
internal static class ResourceNames
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string EphemeralStorage = "ephemeral-storage";

    private const string HugePagesPrefix = "hugepages-";
    private const string NativePrefix = "kubernetes.io/";
    private const string RequestsPrefix = "requests.";

    private static readonly HashSet<string> StandardResources = new(StringComparer.Ordinal)
    {
        "cpu", "memory", "ephemeral-storage",
        "requests.cpu", "requests.memory", "requests.ephemeral-storage",
        "limits.cpu", "limits.memory", "limits.ephemeral-storage",
        "pods", "resourcequotas", "services", "replicationcontrollers", "secrets",
        "persistentvolumeclaims", "configmaps", "services.nodeports", "services.loadbalancers",
        "storage", "requests.storage",
    };

    private static readonly HashSet<string> StandardIntegerResources = new(StringComparer.Ordinal)
    {
        "pods", "resourcequotas", "services", "replicationcontrollers", "secrets",
        "configmaps", "persistentvolumeclaims", "services.nodeports", "services.loadbalancers",
    };

    public static bool IsHugePages(string name) => name.StartsWith(HugePagesPrefix, StringComparison.Ordinal);

    /// <summary>Unprefixed, or in the kubernetes.io domain.</summary>
    public static bool IsNative(string name) =>
        !name.Contains('/', StringComparison.Ordinal) || name.Contains(NativePrefix, StringComparison.Ordinal);

    /// <summary>A fully qualified name outside kubernetes.io, usable as a quota key ("requests." + name).</summary>
    public static bool IsExtended(string name) =>
        !IsNative(name)
        && !name.StartsWith(RequestsPrefix, StringComparison.Ordinal)
        && ValidationRules.IsQualifiedName(RequestsPrefix + name).Count == 0;

    /// <summary>Resources counted in whole units: object counts and extended resources.</summary>
    public static bool IsInteger(string name) => StandardIntegerResources.Contains(name) || IsExtended(name);

    /// <summary>Requests may be below limits only for native resources other than huge pages.</summary>
    public static bool IsOvercommitAllowed(string name) => IsNative(name) && !IsHugePages(name);

    /// <summary>The checks of Kubernetes' validateContainerResourceName.</summary>
    public static FieldErrorList ValidateContainerResourceName(string name, FieldPath path)
    {
        var errors = new FieldErrorList();
        foreach (var message in ValidationRules.IsQualifiedName(name))
        {
            errors.Add(FieldError.Invalid(path, name, message));
        }

        if (!errors.IsEmpty)
        {
            return errors;
        }

        var unprefixed = !name.Contains('/', StringComparison.Ordinal);
        if (unprefixed && !IsStandard(name))
        {
            errors.Add(FieldError.Invalid(path, name, "must be a standard resource type or fully qualified"));
        }

        if (unprefixed)
        {
            if (name is not (Cpu or Memory or EphemeralStorage) && !IsHugePages(name))
            {
                errors.Add(FieldError.Invalid(path, name, "must be a standard resource for containers"));
            }
        }
        else if (!IsNative(name) && !IsExtended(name))
        {
            errors.Add(FieldError.Invalid(path, name, "doesn't follow extended resource name standard"));
        }

        return errors;
    }

    private static bool IsStandard(string name) =>
        StandardResources.Contains(name) || IsHugePages(name) || name.StartsWith(RequestsPrefix + HugePagesPrefix, StringComparison.Ordinal);
}
