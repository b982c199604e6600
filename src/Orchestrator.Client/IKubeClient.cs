using System.Text.Json.Nodes;

namespace Orchestrator.Client;

/// <summary>
/// The API operations every component uses, in Kubernetes' REST shape; objects are <see cref="JsonObject"/>s in
/// Kubernetes' JSON form. <see cref="KubeClient"/> implements it over HTTP; tests may substitute their own.
/// For a namespaced resource, a null namespace means <see cref="DefaultNamespace"/> — except for
/// <see cref="ListAsync"/> and <see cref="WatchAsync"/>, where it means every namespace.
/// Failures the server reports throw <see cref="KubeApiException"/>.
/// </summary>
public interface IKubeClient
{
    /// <summary>The namespace a call uses when it names none (the kubeconfig context's, else "default").</summary>
    string DefaultNamespace { get; }

    Task<JsonObject> GetAsync(ResourceRef resource, string? ns, string name, CancellationToken cancellationToken = default);

    Task<ListResult> ListAsync(ResourceRef resource, string? ns = null, ListOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Creates the object in its metadata.namespace (else the default namespace); returns it as stored.</summary>
    Task<JsonObject> CreateAsync(ResourceRef resource, JsonObject obj, CancellationToken cancellationToken = default);

    /// <summary>POSTs to a subresource of an object, such as pods/binding or pods/eviction.</summary>
    Task<JsonObject> CreateSubresourceAsync(ResourceRef resource, string? ns, string name, string subresource, JsonObject body, CancellationToken cancellationToken = default);

    /// <summary>Replaces the object named by its metadata (PUT); a stale metadata.resourceVersion gives 409 Conflict.</summary>
    Task<JsonObject> UpdateAsync(ResourceRef resource, JsonObject obj, CancellationToken cancellationToken = default);

    /// <summary>Replaces the object's status (PUT …/status).</summary>
    Task<JsonObject> UpdateStatusAsync(ResourceRef resource, JsonObject obj, CancellationToken cancellationToken = default);

    /// <summary>PUT to a subresource, e.g. a namespace's <c>finalize</c>.</summary>
    Task<JsonObject> UpdateSubresourceAsync(ResourceRef resource, JsonObject obj, string subresource, CancellationToken cancellationToken = default);

    /// <summary>Patches an object (or its subresource, such as "status"); a JSON patch is a <see cref="JsonArray"/>.</summary>
    Task<JsonObject> PatchAsync(ResourceRef resource, string? ns, string name, PatchType patchType, JsonNode patch, string? subresource = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes an object; returns what the server answers: the object (being deleted) or a Status.</summary>
    Task<JsonObject> DeleteAsync(ResourceRef resource, string? ns, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes every object the selectors match in a namespace (or cluster-wide for a cluster-scoped resource).</summary>
    Task<JsonObject> DeleteCollectionAsync(ResourceRef resource, string? ns, ListOptions? selection = null, DeleteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams changes until the server ends the watch or the token is cancelled. ERROR events are yielded, not thrown;
    /// a failed request (such as 410 Gone for a compacted resourceVersion) throws when enumeration starts.
    /// </summary>
    IAsyncEnumerable<WatchEvent> WatchAsync(ResourceRef resource, string? ns = null, WatchOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>GETs a path such as /version, /api, /apis or /readyz and returns the body as text.</summary>
    Task<string> GetRawAsync(string path, CancellationToken cancellationToken = default);
}
