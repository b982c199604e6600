using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Client.Watch;

namespace Orchestrator.Client;

/// <summary>The informer loop of client-go's reflector, over any <see cref="IKubeClient"/>.</summary>
public static class ListWatchExtensions
{
    // A watch that ends this soon without delivering anything is treated as a failure, so a server that keeps
    // closing streams at once is not hammered.
    private static readonly TimeSpan ShortWatch = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Lists, then watches from the list's revision, for as long as the token allows. Yields a
    /// <see cref="WatchEventType.Resync"/> with every listed object first, then ADDED, MODIFIED and DELETED events.
    /// When a watch ends it resumes from the last revision seen (an event's or a bookmark's); when that revision
    /// is gone (410, as a response or an ERROR event) it lists again and yields a new Resync, whose items replace
    /// everything the consumer holds. Transient failures (connection, 5xx, 429, other ERROR events) are retried
    /// with exponential backoff; other failures (401, 403, 404…) throw <see cref="KubeApiException"/>.
    /// Bookmarks are consumed here, not yielded.
    /// </summary>
    public static async IAsyncEnumerable<WatchEvent> ListWatchAsync(
        this IKubeClient client,
        ResourceRef resource,
        string? ns = null,
        ListWatchOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(resource);
        options ??= new ListWatchOptions();
        var backoff = new Backoff(options.InitialBackoff, options.MaxBackoff);
        var needList = true;
        string? resumeFrom = null;

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (needList)
            {
                var listed = await TryListAsync(client, resource, ns, options, cancellationToken).ConfigureAwait(false);
                if (listed is null)
                {
                    await backoff.WaitAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                needList = false;
                resumeFrom = listed.ResourceVersion;
                yield return Resync(listed);
            }

            var watchOptions = new WatchOptions
            {
                ResourceVersion = resumeFrom,
                AllowWatchBookmarks = true,
                TimeoutSeconds = options.WatchTimeoutSeconds,
                LabelSelector = options.LabelSelector,
                FieldSelector = options.FieldSelector,
            };
            var started = Stopwatch.GetTimestamp();
            var delivered = false;
            var outcome = Step.Ended;
            var events = client.WatchAsync(resource, ns, watchOptions, cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using (events.ConfigureAwait(false))
            {
                while ((outcome = await MoveNextAsync(events).ConfigureAwait(false)) == Step.Event)
                {
                    var next = events.Current;
                    if (next.Type == WatchEventType.Error)
                    {
                        outcome = next.Status?.Code == 410 ? Step.Gone : Step.Failed;
                        break;
                    }

                    resumeFrom = next.ResourceVersion ?? resumeFrom;
                    delivered = true;
                    backoff.Reset();
                    if (next.Type != WatchEventType.Bookmark)
                    {
                        yield return next;
                    }
                }
            }

            switch (outcome)
            {
                case Step.Gone:
                    needList = true;
                    await backoff.WaitAsync(cancellationToken).ConfigureAwait(false);
                    break;
                case Step.Failed:
                    await backoff.WaitAsync(cancellationToken).ConfigureAwait(false);
                    break;
                case Step.Ended when !delivered && Stopwatch.GetElapsedTime(started) < ShortWatch:
                    await backoff.WaitAsync(cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    private enum Step
    {
        Event,
        Ended,
        Gone,
        Failed,
    }

    private static WatchEvent Resync(ListResult listed)
    {
        var list = new JsonObject
        {
            ["apiVersion"] = listed.ApiVersion ?? "v1",
            ["kind"] = listed.Kind ?? "List",
            ["metadata"] = new JsonObject { ["resourceVersion"] = listed.ResourceVersion },
        };
        return new WatchEvent(WatchEventType.Resync, list) { Items = listed.Items };
    }

    private static async Task<Step> MoveNextAsync(IAsyncEnumerator<WatchEvent> events)
    {
        try
        {
            return await events.MoveNextAsync().ConfigureAwait(false) ? Step.Event : Step.Ended;
        }
        catch (KubeApiException e) when (e.IsGone)
        {
            return Step.Gone;
        }
        catch (Exception e) when (IsTransient(e))
        {
            return Step.Failed;
        }
    }

    /// <summary>Every page of the list, or null after a transient failure.</summary>
    private static async Task<ListResult?> TryListAsync(IKubeClient client, ResourceRef resource, string? ns, ListWatchOptions options, CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                return await ListAllAsync(client, resource, ns, options, options.PageSize, cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.IsGone && options.PageSize is not null)
            {
                // The continue token expired between pages: read the whole list in one go instead.
                return await ListAllAsync(client, resource, ns, options, null, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (IsTransient(e))
        {
            return null;
        }
    }

    private static async Task<ListResult> ListAllAsync(IKubeClient client, ResourceRef resource, string? ns, ListWatchOptions options, int? pageSize, CancellationToken cancellationToken)
    {
        var items = new List<JsonObject>();
        string? next = null;
        ListResult page;
        do
        {
            var listOptions = new ListOptions { LabelSelector = options.LabelSelector, FieldSelector = options.FieldSelector, Limit = pageSize, Continue = next };
            page = await client.ListAsync(resource, ns, listOptions, cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items);
            next = page.Continue;
        }
        while (!string.IsNullOrEmpty(next));

        return page with { Items = items, Continue = null, RemainingItemCount = null };
    }

    private static bool IsTransient(Exception e) => e switch
    {
        KubeApiException api => (int)api.StatusCode >= 500 || (int)api.StatusCode == 429,
        HttpRequestException or IOException or TimeoutException or JsonException => true,
        _ => false,
    };
}
