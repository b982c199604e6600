using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Orchestrator.Client;

namespace Orchestrator.Kubelet.Hollow;

/// <summary>
/// An <see cref="IKubeClient"/> that keeps at most a given number of requests in flight and queues the rest
/// (watches, which run for minutes, are not counted). Thousands of simulated nodes share one client: without
/// a limit, their registrations would all be sent at once and the API would answer 429 to most of them,
/// as client-go's rate limiter keeps one kubelet from doing. Safe to share between actors, as the client is.
/// </summary>
public sealed class ThrottledKubeClient : IKubeClient, IDisposable
{
    private readonly IKubeClient _inner;
    private readonly SemaphoreSlim _slots;

    public ThrottledKubeClient(IKubeClient inner, int maxInFlight)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        _inner = inner;
        _slots = new SemaphoreSlim(maxInFlight, maxInFlight);
    }

    public string DefaultNamespace => _inner.DefaultNamespace;

    public Task<JsonObject> GetAsync(ResourceRef resource, string? ns, string name, CancellationToken cancellationToken = default) =>
        ThrottleAsync(() => _inner.GetAsync(resource, ns, name, cancellationToken), cancellationToken);

    public Task<ListResult> ListAsync(ResourceRef resource, string? ns = null, ListOptions? options = null, CancellationToken cancellationToken = default) =>
        ThrottleAsync(() => _inner.ListAsync(resource, ns, options, cancellationToken), cancellationToken);

    public Task<JsonObject> CreateAsync(ResourceRef resource, JsonObject obj, CancellationToken cancellationToken = default) =>
        ThrottleAsync(() => _inner.CreateAsync(resource, obj, cancellationToken), cancellationToken);

    public Task<JsonObject> CreateSubresourceAsync(ResourceRef resource, string? ns, string name, string subresource, JsonObject body, CancellationToken cancellationToken = default) =>
        ThrottleAsync(() => _inner.CreateSubresourceAsync(resource, ns, name, subresource, body, cancellationToken), cancellationToken);

    public Task<JsonObject> UpdateAsync(ResourceRef resource, JsonObject obj, CancellationToken cancellationToken = default) =>
        ThrottleAsync(() => _inner.UpdateAsync(resource, obj, cancellationToken), cancellationToken);

    public Task<JsonObject> UpdateStatusAsync(ResourceRef resource, JsonObject obj, CancellationToken cancellationToken = default) =>
        ThrottleAsync(() => _inner.UpdateStatusAsync(resource, obj, cancellationToken), cancellationToken);

    public Task<JsonObject> UpdateSubresourceAsync(ResourceRef resource, JsonObject obj, string subresource, CancellationToken cancellationToken = default) =>
        ThrottleAsync(() => _inner.UpdateSubresourceAsync(resource, obj, subresource, cancellationToken), cancellationToken);

    public Task<JsonObject> PatchAsync(ResourceRef resource, string? ns, string name, PatchType patchType, JsonNode patch, string? subresource = null, CancellationToken cancellationToken = default) =>
        ThrottleAsync(() => _inner.PatchAsync(resource, ns, name, patchType, patch, subresource, cancellationToken), cancellationToken);

    public Task<JsonObject> DeleteAsync(ResourceRef resource, string? ns, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default) =>
        ThrottleAsync(() => _inner.DeleteAsync(resource, ns, name, options, cancellationToken), cancellationToken);

    public Task<JsonObject> DeleteCollectionAsync(ResourceRef resource, string? ns, ListOptions? selection = null, DeleteOptions? options = null, CancellationToken cancellationToken = default) =>
        ThrottleAsync(() => _inner.DeleteCollectionAsync(resource, ns, selection, options, cancellationToken), cancellationToken);

    public async IAsyncEnumerable<WatchEvent> WatchAsync(ResourceRef resource, string? ns = null, WatchOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var e in _inner.WatchAsync(resource, ns, options, cancellationToken).ConfigureAwait(false))
        {
            yield return e;
        }
    }

    public Task<string> GetRawAsync(string path, CancellationToken cancellationToken = default) =>
        ThrottleAsync(() => _inner.GetRawAsync(path, cancellationToken), cancellationToken);

    /// <summary>Disposes the slots only; the inner client belongs to whoever made it.</summary>
    public void Dispose() => _slots.Dispose();

    private async Task<T> ThrottleAsync<T>(Func<Task<T>> send, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await send().ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }
}
