using Orchestrator.Api.Errors;
using Orchestrator.Api.Resources;

namespace Orchestrator.Api.Admission;

/// <summary>
/// Part of Kubernetes' NamespaceLifecycle admission: the namespaces the cluster itself relies on
/// (default, kube-system, kube-public) may not be deleted.
/// </summary>
public static class ImmortalNamespaces
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal) { "default", "kube-system", "kube-public" };

    /// <exception cref="StatusException">403 Forbidden for one of those namespaces.</exception>
    public static void CheckDelete(ResourceType type, string name)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.Group.Length == 0 && type.Kind == "Namespace" && Names.Contains(name))
        {
            throw StatusException.Forbidden(type, name, "this namespace may not be deleted");
        }
    }
}
