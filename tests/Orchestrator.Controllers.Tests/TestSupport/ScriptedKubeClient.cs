using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Orchestrator.Client;

namespace Orchestrator.Controllers.Tests.TestSupport;

/// <summary>
/// An <see cref="IKubeClient"/> whose lists and watches a test scripts one by one: each LIST answers the next
/// scripted list (waiting for one), each WATCH streams the next scripted watch until the test completes it
/// (a dropped watch) or fails it. Every call's options are kept for the test to read in order.
/// </summary>
public sealed class ScriptedKubeClient : IKubeClient
{
    private readonly Channel<ListResult> _lists = Channel.CreateUnbounded<ListResult>();
    private readonly Channel<Channel<WatchEvent>> _watches = Channel.CreateUnbounded<Channel<WatchEvent>>();
    private readonly Channel<ListOptions?> _listCalls = Channel.CreateUnbounded<ListOptions?>();
    private readonly Channel<WatchOptions?> _watchCalls = Channel.CreateUnbounded<WatchOptions?>();

    public string DefaultNamespace => "default";

    /// <summary>The next LIST answers these items at this resourceVersion.</summary>
    public void ScriptList(string resourceVersion, params JsonObject[] items) =>
        _lists.Writer.TryWrite(new ListResult(items, resourceVersion, null) { Kind = "List", ApiVersion = "v1" });

    /// <summary>The next WATCH streams what the test writes here; completing the writer ends the watch.</summary>
    public ChannelWriter<WatchEvent> ScriptWatch()
    {
        var watch = Channel.CreateUnbounded<WatchEvent>();
        _watches.Writer.TryWrite(watch);
        return watch.Writer;
    }

    /// <summary>The options of the next LIST made (waiting for it).</summary>
    public async Task<ListOptions?> NextListAsync() => await _listCalls.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>The options of the next WATCH made (waiting for it).</summary>
    public async Task<WatchOptions?> NextWatchAsync() => await _watchCalls.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public bool TryTakeList(out ListOptions? options) => _listCalls.Reader.TryRead(out options);

    public async Task<ListResult> ListAsync(ResourceRef resource, string? ns = null, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        _listCalls.Writer.TryWrite(options);
        return await _lists.Reader.ReadAsync(cancellationToken);
    }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(ResourceRef resource, string? ns = null, WatchOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        _watchCalls.Writer.TryWrite(options);
        var watch = await _watches.Reader.ReadAsync(cancellationToken);
        await foreach (var e in watch.Reader.ReadAllAsync(cancellationToken))
        {
            yield return e;
        }
    }

    public Task<JsonObject> GetAsync(ResourceRef resource, string? ns, string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<JsonObject> CreateAsync(ResourceRef resource, JsonObject obj, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<JsonObject> CreateSubresourceAsync(ResourceRef resource, string? ns, string name, string subresource, JsonObject body, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<JsonObject> UpdateAsync(ResourceRef resource, JsonObject obj, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<JsonObject> UpdateStatusAsync(ResourceRef resource, JsonObject obj, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<JsonObject> UpdateSubresourceAsync(ResourceRef resource, JsonObject obj, string subresource, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<JsonObject> PatchAsync(ResourceRef resource, string? ns, string name, PatchType patchType, JsonNode patch, string? subresource = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<JsonObject> DeleteAsync(ResourceRef resource, string? ns, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<JsonObject> DeleteCollectionAsync(ResourceRef resource, string? ns, ListOptions? selection = null, DeleteOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<string> GetRawAsync(string path, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
