using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Client;
using Orchestrator.Kubelet.Common;

namespace Orchestrator.Kubelet.Hollow;

/// <summary>
/// client-go's reflector loop (list, then watch from the list's revision; resume a watch that ended from the
/// last revision seen; list again on 410 Gone; back off after failures), where every object is turned into a
/// small record <typeparamref name="T"/> as soon as it arrives. <see cref="ListWatchExtensions.ListWatchAsync"/>
/// collects a whole list as JSON trees before handing it over: for 50,000 pods that is most of a gigabyte at
/// once, where this keeps one page (500 objects) of trees at a time.
/// </summary>
public sealed class CompactFeed<T>
{
    private const int PageSize = 500;
    private static readonly TimeSpan ShortWatch = TimeSpan.FromSeconds(1);

    private readonly IKubeClient _client;
    private readonly ResourceRef _resource;
    private readonly string? _fieldSelector;
    private readonly Func<JsonObject, T> _compact;

    public CompactFeed(IKubeClient client, ResourceRef resource, string? fieldSelector, Func<JsonObject, T> compact)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(compact);
        _client = client;
        _resource = resource;
        _fieldSelector = fieldSelector;
        _compact = compact;
    }

    /// <summary>
    /// Runs until cancelled. <paramref name="listed"/> gets every object of a (re)list and the list's revision,
    /// and replaces whatever the consumer held; <paramref name="changed"/> gets each ADDED, MODIFIED and DELETED
    /// after it; <paramref name="failed"/> hears of each failure before the retry.
    /// </summary>
    public async Task RunAsync(
        Action<IReadOnlyList<T>, long> listed,
        Action<WatchEventType, T> changed,
        Action<Exception> failed,
        RetryBackoff backoff,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listed);
        ArgumentNullException.ThrowIfNull(changed);
        ArgumentNullException.ThrowIfNull(failed);
        ArgumentNullException.ThrowIfNull(backoff);
        string? revision = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (revision is null)
                {
                    var (items, listRevision) = await ListAsync(cancellationToken).ConfigureAwait(false);
                    revision = listRevision;
                    listed(items, BoundPod.Revision(listRevision));
                }

                var started = Stopwatch.GetTimestamp();
                (revision, var delivered) = await WatchAsync(revision, changed, cancellationToken).ConfigureAwait(false);
                if (delivered || Stopwatch.GetElapsedTime(started) >= ShortWatch)
                {
                    backoff.Reset();
                }
                else
                {
                    // A server that keeps ending watches at once is not hammered.
                    await DelayAsync(backoff.Next(), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (KubeApiException e) when (e.IsGone)
            {
                revision = null;
                failed(e);
                await DelayAsync(backoff.Next(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException or IOException or TimeoutException or JsonException or InvalidOperationException)
            {
                failed(e);
                await DelayAsync(backoff.Next(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<(List<T> Items, string? Revision)> ListAsync(CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? next = null;
        string? revision;
        do
        {
            var page = await _client.ListAsync(_resource, null, new ListOptions { FieldSelector = _fieldSelector, Limit = PageSize, Continue = next }, cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items.Select(_compact));
            revision = page.ResourceVersion;
            next = page.Continue;
        }
        while (!string.IsNullOrEmpty(next));

        return (items, revision);
    }

    /// <summary>Watches from <paramref name="revision"/> until the server ends the watch; returns the revision to resume from.</summary>
    private async Task<(string? Revision, bool Delivered)> WatchAsync(string? revision, Action<WatchEventType, T> changed, CancellationToken cancellationToken)
    {
        var options = new WatchOptions
        {
            ResourceVersion = revision,
            AllowWatchBookmarks = true,
            FieldSelector = _fieldSelector,

            // Ended and resumed every few minutes, as client-go's reflector does (5 to 10 minutes).
            TimeoutSeconds = 300 + Random.Shared.Next(300),
        };
        var delivered = false;
        await foreach (var e in _client.WatchAsync(_resource, null, options, cancellationToken).ConfigureAwait(false))
        {
            switch (e.Type)
            {
                case WatchEventType.Error:
                    // 410 Gone (the revision was compacted) lists again; anything else is retried.
                    var code = e.Status?.Code ?? 0;
                    throw new KubeApiException((System.Net.HttpStatusCode)(code > 0 ? code : 500), e.Status);
                case WatchEventType.Bookmark:
                    revision = e.ResourceVersion ?? revision;
                    delivered = true;
                    break;
                case WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted:
                    revision = e.ResourceVersion ?? revision;
                    delivered = true;
                    changed(e.Type, _compact(e.Object));
                    break;
            }
        }

        return (revision, delivered);
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop's condition ends it.
        }
    }
}
