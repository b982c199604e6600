using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Orchestrator.Client;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Tests.TestSupport;

/// <summary>
/// A real <see cref="IKubeClient"/> that also notes every call a controller makes, as "verb resource
/// namespace/name" (e.g. "list pods team-a", "update namespaces team-a/finalize"), so a test can see
/// what the controller did and how far it got without watching the clock.
/// </summary>
public sealed class RecordingKubeClient(IKubeClient inner) : IKubeClient
{
    private readonly ConcurrentQueue<string> _calls = new();

    public string DefaultNamespace => inner.DefaultNamespace;

    public IReadOnlyList<string> Calls => [.. _calls];

    public int Count(string call) => _calls.Count(c => c == call);

    public Task<JsonObject> GetAsync(ResourceRef resource, string? ns, string name, CancellationToken cancellationToken = default) =>
        Record($"get {resource} {Path(ns, name)}", () => inner.GetAsync(resource, ns, name, cancellationToken));

    public Task<ListResult> ListAsync(ResourceRef resource, string? ns = null, ListOptions? options = null, CancellationToken cancellationToken = default) =>
        Record($"list {resource} {ns}".TrimEnd(), () => inner.ListAsync(resource, ns, options, cancellationToken));

    public Task<JsonObject> CreateAsync(ResourceRef resource, JsonObject obj, CancellationToken cancellationToken = default) =>
        Record($"create {resource} {KubeObject.Namespace(obj)}", () => inner.CreateAsync(resource, obj, cancellationToken));

    public Task<JsonObject> CreateSubresourceAsync(ResourceRef resource, string? ns, string name, string subresource, JsonObject body, CancellationToken cancellationToken = default) =>
        Record($"create {resource} {Path(ns, name)}/{subresource}", () => inner.CreateSubresourceAsync(resource, ns, name, subresource, body, cancellationToken));

    public Task<JsonObject> UpdateAsync(ResourceRef resource, JsonObject obj, CancellationToken cancellationToken = default) =>
        Record($"update {resource} {Path(obj)}", () => inner.UpdateAsync(resource, obj, cancellationToken));

    public Task<JsonObject> UpdateStatusAsync(ResourceRef resource, JsonObject obj, CancellationToken cancellationToken = default) =>
        Record($"update {resource} {Path(obj)}/status", () => inner.UpdateStatusAsync(resource, obj, cancellationToken));

    public Task<JsonObject> UpdateSubresourceAsync(ResourceRef resource, JsonObject obj, string subresource, CancellationToken cancellationToken = default) =>
        Record($"update {resource} {Path(obj)}/{subresource}", () => inner.UpdateSubresourceAsync(resource, obj, subresource, cancellationToken));

    public Task<JsonObject> PatchAsync(ResourceRef resource, string? ns, string name, PatchType patchType, JsonNode patch, string? subresource = null, CancellationToken cancellationToken = default) =>
        Record($"patch {resource} {Path(ns, name)}{(subresource is null ? "" : "/" + subresource)}", () => inner.PatchAsync(resource, ns, name, patchType, patch, subresource, cancellationToken));

    public Task<JsonObject> DeleteAsync(ResourceRef resource, string? ns, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default) =>
        Record($"delete {resource} {Path(ns, name)}", () => inner.DeleteAsync(resource, ns, name, options, cancellationToken));

    public Task<JsonObject> DeleteCollectionAsync(ResourceRef resource, string? ns, ListOptions? selection = null, DeleteOptions? options = null, CancellationToken cancellationToken = default) =>
        Record($"deletecollection {resource} {ns}".TrimEnd(), () => inner.DeleteCollectionAsync(resource, ns, selection, options, cancellationToken));

    public async IAsyncEnumerable<WatchEvent> WatchAsync(ResourceRef resource, string? ns = null, WatchOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        _calls.Enqueue($"watch {resource} {ns}".TrimEnd());
        await foreach (var e in inner.WatchAsync(resource, ns, options, cancellationToken).ConfigureAwait(false))
        {
            yield return e;
        }
    }

    public Task<string> GetRawAsync(string path, CancellationToken cancellationToken = default) =>
        Record($"get {path}", () => inner.GetRawAsync(path, cancellationToken));

    private static string Path(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";

    private static string Path(JsonObject obj) => Path(KubeObject.Namespace(obj), KubeObject.Name(obj) ?? "");

    /// <summary>
    /// Makes calls fail as the API would refuse them (a quota, say, which the gateway does not enforce): given the
    /// call as noted, the exception to fail it with instead of sending it, or null to send it.
    /// </summary>
    public Func<string, Exception?>? Fault { get; set; }

    /// <summary>Notes the call as it is sent, so whatever the server did for it comes after the note.</summary>
    private Task<T> Record<T>(string call, Func<Task<T>> send)
    {
        _calls.Enqueue(call);
        return Fault?.Invoke(call) is { } fault ? Task.FromException<T>(fault) : send();
    }
}
