using System.Diagnostics;
using System.Text.Json.Nodes;
using Orchestrator.Client;

namespace Orchestrator.Kubelet.Tests.Node;

/// <summary>
/// A real client that can be cut off from its API: while <see cref="Down"/>, every call fails as a refused
/// connection does. Records when the Lease was written to, so a test can read the kubelet's back-off.
/// </summary>
internal sealed class OutageKubeClient(IKubeClient inner) : IKubeClient
{
    private readonly Lock _lock = new();
    private readonly List<(TimeSpan At, bool Failed)> _leaseAttempts = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public volatile bool Down;

    public string DefaultNamespace => inner.DefaultNamespace;

    public IReadOnlyList<(TimeSpan At, bool Failed)> LeaseAttempts
    {
        get
        {
            lock (_lock)
            {
                return [.. _leaseAttempts];
            }
        }
    }

    public Task<JsonObject> GetAsync(ResourceRef resource, string? ns, string name, CancellationToken cancellationToken = default) =>
        Call(resource, () => inner.GetAsync(resource, ns, name, cancellationToken), lease: false);

    public Task<ListResult> ListAsync(ResourceRef resource, string? ns = null, ListOptions? options = null, CancellationToken cancellationToken = default) =>
        Call(resource, () => inner.ListAsync(resource, ns, options, cancellationToken), lease: false);

    public Task<JsonObject> CreateAsync(ResourceRef resource, JsonObject obj, CancellationToken cancellationToken = default) =>
        Call(resource, () => inner.CreateAsync(resource, obj, cancellationToken), lease: true);

    public Task<JsonObject> CreateSubresourceAsync(ResourceRef resource, string? ns, string name, string subresource, JsonObject body, CancellationToken cancellationToken = default) =>
        Call(resource, () => inner.CreateSubresourceAsync(resource, ns, name, subresource, body, cancellationToken), lease: false);

    public Task<JsonObject> UpdateAsync(ResourceRef resource, JsonObject obj, CancellationToken cancellationToken = default) =>
        Call(resource, () => inner.UpdateAsync(resource, obj, cancellationToken), lease: true);

    public Task<JsonObject> UpdateStatusAsync(ResourceRef resource, JsonObject obj, CancellationToken cancellationToken = default) =>
        Call(resource, () => inner.UpdateStatusAsync(resource, obj, cancellationToken), lease: false);

    public Task<JsonObject> UpdateSubresourceAsync(ResourceRef resource, JsonObject obj, string subresource, CancellationToken cancellationToken = default) =>
        Call(resource, () => inner.UpdateSubresourceAsync(resource, obj, subresource, cancellationToken), lease: false);

    public Task<JsonObject> PatchAsync(ResourceRef resource, string? ns, string name, PatchType patchType, JsonNode patch, string? subresource = null, CancellationToken cancellationToken = default) =>
        Call(resource, () => inner.PatchAsync(resource, ns, name, patchType, patch, subresource, cancellationToken), lease: false);

    public Task<JsonObject> DeleteAsync(ResourceRef resource, string? ns, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default) =>
        Call(resource, () => inner.DeleteAsync(resource, ns, name, options, cancellationToken), lease: false);

    public Task<JsonObject> DeleteCollectionAsync(ResourceRef resource, string? ns, ListOptions? selection = null, DeleteOptions? options = null, CancellationToken cancellationToken = default) =>
        Call(resource, () => inner.DeleteCollectionAsync(resource, ns, selection, options, cancellationToken), lease: false);

    public IAsyncEnumerable<WatchEvent> WatchAsync(ResourceRef resource, string? ns = null, WatchOptions? options = null, CancellationToken cancellationToken = default) =>
        Down ? throw new HttpRequestException("Connection refused (test outage)") : inner.WatchAsync(resource, ns, options, cancellationToken);

    public Task<string> GetRawAsync(string path, CancellationToken cancellationToken = default) =>
        Down ? throw new HttpRequestException("Connection refused (test outage)") : inner.GetRawAsync(path, cancellationToken);

    private async Task<T> Call<T>(ResourceRef resource, Func<Task<T>> call, bool lease)
    {
        var down = Down;
        if (lease && resource == ResourceRef.Leases)
        {
            lock (_lock)
            {
                _leaseAttempts.Add((_clock.Elapsed, down));
            }
        }

        await Task.Yield();
        return down ? throw new HttpRequestException("Connection refused (test outage)") : await call();
    }
}
