namespace Orchestrator.Client;

/// <summary>
/// Addresses a resource type on the API the way its URL does: group ("" for the core group), version,
/// plural name, and whether objects live in a namespace.
/// </summary>
public sealed record ResourceRef(string Group, string Version, string Plural, bool Namespaced)
{
    public static ResourceRef Pods { get; } = new(string.Empty, "v1", "pods", true);

    public static ResourceRef Nodes { get; } = new(string.Empty, "v1", "nodes", false);

    public static ResourceRef Namespaces { get; } = new(string.Empty, "v1", "namespaces", false);

    public static ResourceRef ConfigMaps { get; } = new(string.Empty, "v1", "configmaps", true);

    public static ResourceRef Secrets { get; } = new(string.Empty, "v1", "secrets", true);

    public static ResourceRef Events { get; } = new(string.Empty, "v1", "events", true);

    public static ResourceRef Services { get; } = new(string.Empty, "v1", "services", true);

    public static ResourceRef Endpoints { get; } = new(string.Empty, "v1", "endpoints", true);

    public static ResourceRef EndpointSlices { get; } = new("discovery.k8s.io", "v1", "endpointslices", true);

    public static ResourceRef ServiceAccounts { get; } = new(string.Empty, "v1", "serviceaccounts", true);

    public static ResourceRef Leases { get; } = new("coordination.k8s.io", "v1", "leases", true);

    public static ResourceRef Deployments { get; } = new("apps", "v1", "deployments", true);

    public static ResourceRef ReplicaSets { get; } = new("apps", "v1", "replicasets", true);

    public static ResourceRef DaemonSets { get; } = new("apps", "v1", "daemonsets", true);

    public static ResourceRef ControllerRevisions { get; } = new("apps", "v1", "controllerrevisions", true);

    public static ResourceRef Jobs { get; } = new("batch", "v1", "jobs", true);

    public static ResourceRef CronJobs { get; } = new("batch", "v1", "cronjobs", true);

    /// <summary>The apiVersion objects of this resource carry: "v1" or "group/version".</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>
    /// The collection's path: /api/v1/pods, /api/v1/namespaces/ns/pods, /apis/apps/v1/namespaces/ns/deployments.
    /// A null namespace on a namespaced resource means every namespace; a cluster-scoped resource ignores it.
    /// </summary>
    public string CollectionPath(string? ns)
    {
        var prefix = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        return Namespaced && !string.IsNullOrEmpty(ns)
            ? $"{prefix}/namespaces/{Uri.EscapeDataString(ns)}/{Plural}"
            : $"{prefix}/{Plural}";
    }

    /// <summary>One object's path, optionally a subresource of it (status, binding, scale…).</summary>
    public string ItemPath(string? ns, string name, string? subresource = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Namespaced && string.IsNullOrEmpty(ns))
        {
            throw new ArgumentException($"{Plural} are namespaced: a namespace is required", nameof(ns));
        }

        var path = $"{CollectionPath(ns)}/{Uri.EscapeDataString(name)}";
        return string.IsNullOrEmpty(subresource) ? path : $"{path}/{subresource}";
    }

    public override string ToString() => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
}
