using Orchestrator.Model.Validation;

namespace Orchestrator.Scheduler.Framework;

/// <summary>The resource names the scheduler accounts for, and which others it counts as "scalar" resources.</summary>
public static class ResourceNames
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string EphemeralStorage = "ephemeral-storage";
    public const string Pods = "pods";
    public const string HugePagesPrefix = "hugepages-";
    public const string AttachableVolumesPrefix = "attachable-volumes-";

    /// <summary>
    /// Whether a resource other than cpu, memory, ephemeral-storage and pods is accounted by name
    /// (Kubernetes' IsScalarResourceName): extended resources (a domain outside kubernetes.io, e.g.
    /// example.com/gpu), hugepages-*, attachable-volumes-* and kubernetes.io/-prefixed native ones.
    /// Anything else (an unprefixed unknown name) is ignored, as Kubernetes ignores it.
    /// </summary>
    public static bool IsScalar(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return IsExtended(name)
            || name.StartsWith(HugePagesPrefix, StringComparison.Ordinal)
            || name.StartsWith(AttachableVolumesPrefix, StringComparison.Ordinal)
            || name.Contains("kubernetes.io/", StringComparison.Ordinal);
    }

    /// <summary>An extended resource: has a domain, not kubernetes.io's, and "requests." + name is a qualified name.</summary>
    public static bool IsExtended(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var native = !name.Contains('/', StringComparison.Ordinal) || name.Contains("kubernetes.io/", StringComparison.Ordinal);
        return !native
            && !name.StartsWith("requests.", StringComparison.Ordinal)
            && ValidationRules.IsQualifiedName("requests." + name).Count == 0;
    }
}
