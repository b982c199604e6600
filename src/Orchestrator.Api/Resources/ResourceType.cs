using Orchestrator.Model.OpenApi;

namespace Orchestrator.Api.Resources;

/// <summary>
/// Everything the gateway needs to serve one kind: where it lives in the API (group, version,
/// plural), its scope, its subresources and its strategy (defaulting, validation, how updates
/// and deletes behave). Endpoints, storage, the watch cache and discovery are generic over it,
/// so adding a kind is one registration.
/// </summary>
public sealed record ResourceType
{
    /// <summary>"" for the core group.</summary>
    public required string Group { get; init; }

    public required string Version { get; init; }

    public required string Kind { get; init; }

    /// <summary>The lower-case plural of the URL: "pods".</summary>
    public required string Plural { get; init; }

    public required bool Namespaced { get; init; }

    public string Singular => Kind.ToLowerInvariant();

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>
    /// The subresources served besides the object: <c>/status</c>, <c>/scale</c>, and the kind's own
    /// (a pod's <c>/binding</c> and <c>/eviction</c>, a namespace's <c>/finalize</c>, a service account's
    /// <c>/token</c>). Handlers, discovery and OpenAPI serve exactly these.
    /// </summary>
    public ServedSubresources Subresources { get; init; }

    /// <summary>Has the <c>/status</c> subresource: the main endpoint ignores status, the subresource everything else.</summary>
    public bool HasStatus
    {
        get => Subresources.HasFlag(ServedSubresources.Status);
        init => Subresources = value ? Subresources | ServedSubresources.Status : Subresources & ~ServedSubresources.Status;
    }

    /// <summary>Has the <c>/scale</c> subresource (spec.replicas).</summary>
    public bool HasScale
    {
        get => Subresources.HasFlag(ServedSubresources.Scale);
        init => Subresources = value ? Subresources | ServedSubresources.Scale : Subresources & ~ServedSubresources.Scale;
    }

    /// <summary>Field selectors this kind supports besides metadata.name and metadata.namespace.</summary>
    public IReadOnlyList<string> SelectableFields { get; init; } = [];

    public IResourceStrategy Strategy { get; init; } = ResourceStrategy.Plain;

    /// <summary>The columns <c>kubectl get</c> prints for this kind.</summary>
    public Tables.ITableConvertor Table { get; init; } = Tables.DefaultTableConvertor.Instance;

    /// <summary>
    /// Whether metadata.generation counts spec changes: the workload kinds, whose controllers report
    /// observedGeneration. The core kinds carry no generation, as in Kubernetes 1.32.
    /// </summary>
    public bool TracksGeneration => Group is "apps" or "batch" || HasScale;

    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string ListKind => Kind + "List";

    /// <summary>The kind as Kubernetes names it in messages: "Pod", "Deployment.apps".</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    /// <summary>The resource as Kubernetes names it in messages: "pods", "deployments.apps".</summary>
    public string QualifiedResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public IReadOnlyList<string> AllSelectableFields => ["metadata.name", "metadata.namespace", .. SelectableFields];

    public IReadOnlyList<string> Verbs { get; } = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary>Whether <paramref name="subresource"/> (as in the URL) is served.</summary>
    public bool Serves(string subresource) => subresource switch
    {
        "status" => Subresources.HasFlag(ServedSubresources.Status),
        "scale" => Subresources.HasFlag(ServedSubresources.Scale),
        "binding" => Subresources.HasFlag(ServedSubresources.Binding),
        "eviction" => Subresources.HasFlag(ServedSubresources.Eviction),
        "finalize" => Subresources.HasFlag(ServedSubresources.Finalize),
        "token" => Subresources.HasFlag(ServedSubresources.Token),
        _ => false,
    };

    public override string ToString() => $"{GroupVersion}/{Plural}";
}
