using Orchestrator.Api.Errors;
using Orchestrator.Api.Resources;

namespace Orchestrator.Api.Admission;

/// <summary>
/// Kubernetes' NamespaceLifecycle admission: objects go only into a namespace that exists and is not
/// being deleted; and (through each kind's strategy) the namespaces the cluster relies on stay.
/// </summary>
public sealed class NamespaceLifecycle(ApiGateway gateway)
{
    private readonly ResourceType? _namespaces = gateway.Registry.FindByKind("", "Namespace");

    /// <exception cref="StatusException">404 for a namespace that does not exist, 403 for one being deleted.</exception>
    public async Task AdmitCreateAsync(ResourceType type, string ns, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!type.Namespaced || _namespaces is null)
        {
            return;
        }

        // The lister first, a consistent read only when it misses (the namespace may be a moment old).
        var found = gateway.ListerOf(_namespaces).Get("", ns)
            ?? (await gateway.GetAsync(_namespaces, "", ns, ct).ConfigureAwait(false)).Object
            ?? throw StatusException.NotFound(_namespaces, ns);
        if (found.Deleting)
        {
            throw new StatusException(403, "Forbidden", $"unable to create new content in namespace {ns} because it is being terminated");
        }
    }

    /// <exception cref="StatusException">403 when the kind's strategy forbids deleting this object.</exception>
    public static void AdmitDelete(ResourceType type, string name)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.Strategy.ForbidsDelete(name) is { } reason)
        {
            throw StatusException.Forbidden(type, name, reason);
        }
    }
}
