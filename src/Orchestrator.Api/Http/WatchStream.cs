using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Akka.Actor;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Tables;
using Orchestrator.Api.Watch;

namespace Orchestrator.Api.Http;

/// <summary>
/// Serves <c>?watch=true</c>: a chunked stream of JSON lines from the type's watch cache, until the
/// client goes away, timeoutSeconds passes, or the watcher falls too far behind (the client then
/// re-watches from its last resourceVersion, as client-go does).
/// </summary>
public static class WatchStream
{
    public static async Task ServeAsync(HttpContext context, ApiGateway gateway, ResourceType type, WatchFilter filter, QueryOptions query)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(query);
        var from = QueryOptions.Revision(query.ResourceVersion);
        if (from is null && string.IsNullOrEmpty(query.ResourceVersion))
        {
            // Unset resourceVersion: the initial ADDED events must reflect every committed write.
            await gateway.Feeder.WaitForHeadAsync(context.RequestAborted).ConfigureAwait(false);
        }
        else if (from is { } revision)
        {
            // From a revision the caches have not reached: wait for them briefly, then 504 Too large
            // resource version. A watch started early would get the events up to that revision too.
            await ResourceVersions.WaitForAsync(gateway, revision, context.RequestAborted).ConfigureAwait(false);
        }

        var channel = Channel.CreateBounded<WatchLine>(new BoundedChannelOptions(gateway.Settings.WatchBuffer)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var cache = gateway.CacheOf(type);
        // A server that is stopping ends its watches, as kube-apiserver does, rather than waiting for clients to leave.
        var stopping = context.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        if (query.TimeoutSeconds is > 0 and var seconds)
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = HttpResponses.Json;
        context.Response.Headers.CacheControl = "no-cache, private";
        cache.Tell(new StartWatch(from, filter, query.AllowWatchBookmarks, channel.Writer, gateway.Journal.CompactedRevision), ActorRefs.NoSender);
        await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);

        // The headers go out now, not with the first event: clients wait for them before their own
        // timeouts apply (kubectl wait --timeout, kubectl logs), and a quiet watch may have nothing to send.
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            var reader = channel.Reader;
            var table = TableRenderer.Wanted(context) ? new TableLines(type, context.Request.Query["includeObject"], gateway.Time) : null;
            while (await reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var line))
                {
                    await context.Response.Body.WriteAsync(table?.Convert(line.Bytes) ?? line.Bytes, timeout.Token).ConfigureAwait(false);
                }

                await context.Response.Body.FlushAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The client left, the timeout passed, or the server is stopping: the stream simply ends.
        }
        catch (ChannelClosedException)
        {
            // Cut off as too slow: ending the stream makes the client re-watch.
        }
        finally
        {
            cache.Tell(new StopWatch(channel.Writer), ActorRefs.NoSender);
        }
    }

    /// <summary>Turns watch lines into Table events, as kubectl get --watch asks: columns in the first only.</summary>
    private sealed class TableLines(ResourceType type, string? includeObject, TimeProvider time)
    {
        private bool _columnsSent;

        public byte[] Convert(byte[] line)
        {
            var e = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
            if (e["type"]?.GetValue<string>() is "ERROR" or "BOOKMARK" || e["object"] is not System.Text.Json.Nodes.JsonObject obj)
            {
                return line;
            }

            var rv = Orchestrator.Model.Objects.KubeObject.ResourceVersion(obj);
            e["object"] = TableRenderer.Render(type, [obj], rv, null, includeObject, withColumns: !_columnsSent, time.GetUtcNow());
            _columnsSent = true;
            var json = Entities.JsonBytes.From(e);
            return [.. json, (byte)'\n'];
        }
    }
}
