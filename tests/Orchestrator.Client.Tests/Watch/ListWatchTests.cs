using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orchestrator.Client.Tests.Support;
using Xunit;

namespace Orchestrator.Client.Tests.Watch;

public sealed class ListWatchTests
{
    private static readonly ListWatchOptions Fast = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(5),
        MaxBackoff = TimeSpan.FromMilliseconds(20),
        PageSize = 2,
    };

    [Fact]
    public async Task Lists_watches_resumes_from_the_last_revision_and_relists_when_it_is_gone()
    {
        var lists = 0;
        var watches = 0;
        await using var server = await FakeApiServer.StartAsync(async (ctx, req) =>
        {
            if (!req.IsWatch)
            {
                switch (Interlocked.Increment(ref lists))
                {
                    case 1:
                        // The first list comes in two pages.
                        await FakeApiServer.WriteJsonAsync(ctx, PodList("10", "page-2", FakeApiServer.Pod("a", "3"), FakeApiServer.Pod("b", "4")));
                        break;
                    case 2:
                        Assert.Equal("page-2", req.QueryValue("continue"));
                        await FakeApiServer.WriteJsonAsync(ctx, PodList("10", null, FakeApiServer.Pod("c", "5")));
                        break;
                    case 3:
                        await FakeApiServer.WriteJsonAsync(ctx, PodList("20", null, FakeApiServer.Pod("a", "19")));
                        break;
                    default:
                        await FakeApiServer.WriteJsonAsync(ctx, PodList("30", null));
                        break;
                }

                return;
            }

            switch (Interlocked.Increment(ref watches))
            {
                case 1:
                    // Resumed after the stream ends, from the bookmark's revision.
                    await FakeApiServer.WriteChunkAsync(ctx, FakeApiServer.Event("ADDED", FakeApiServer.Pod("d", "11")));
                    await FakeApiServer.WriteChunkAsync(ctx, FakeApiServer.Event("BOOKMARK", Bookmark("15")));
                    break;
                case 2:
                    await FakeApiServer.WriteChunkAsync(ctx, FakeApiServer.Event("MODIFIED", FakeApiServer.Pod("d", "16")));
                    await FakeApiServer.WriteChunkAsync(ctx, FakeApiServer.Event("ERROR", FakeApiServer.Status(410, "Expired", "too old resource version: 16 (18)")));
                    break;
                case 3:
                    await FakeApiServer.WriteJsonAsync(ctx, FakeApiServer.Status(410, "Expired", "too old resource version: 20 (25)"), 410);
                    break;
                default:
                    await FakeApiServer.WriteChunkAsync(ctx, FakeApiServer.Event("DELETED", FakeApiServer.Pod("a", "31")));
                    await Task.Delay(Timeout.Infinite, ctx.RequestAborted);
                    break;
            }
        });
        using var client = server.Client();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var events = new List<WatchEvent>();
        await foreach (var e in client.ListWatchAsync(ResourceRef.Pods, "ns1", Fast, cts.Token))
        {
            events.Add(e);
            if (e.Type == WatchEventType.Deleted)
            {
                break;
            }
        }

        Assert.Equal(
            [
                (WatchEventType.Resync, "10"),
                (WatchEventType.Added, "11"),
                (WatchEventType.Modified, "16"),
                (WatchEventType.Resync, "20"),
                (WatchEventType.Resync, "30"),
                (WatchEventType.Deleted, "31"),
            ],
            events.Select(e => (e.Type, e.ResourceVersion!)));
        Assert.Equal(["a", "b", "c"], events[0].Items.Select(i => i["metadata"]!["name"]!.GetValue<string>()));
        Assert.All(events[0].Items, i => Assert.Equal("Pod", i["kind"]!.GetValue<string>()));
        Assert.Equal("PodList", events[0].Object["kind"]!.GetValue<string>());
        Assert.Equal(["a"], events[3].Items.Select(i => i["metadata"]!["name"]!.GetValue<string>()));
        Assert.Empty(events[4].Items);

        var watchRequests = server.Requests.Where(r => r.IsWatch).ToList();
        Assert.Equal(["10", "15", "20", "30"], watchRequests.Select(r => r.QueryValue("resourceVersion")));
        Assert.All(watchRequests, r => Assert.Equal("true", r.QueryValue("allowWatchBookmarks")));
        Assert.All(server.Requests.Where(r => !r.IsWatch), r => Assert.Equal("2", r.QueryValue("limit")));
        Assert.All(server.Requests, r => Assert.Equal("/api/v1/namespaces/ns1/pods", r.Path));
    }

    [Fact]
    public async Task Retries_transient_failures_of_list_and_watch()
    {
        var lists = 0;
        var watches = 0;
        await using var server = await FakeApiServer.StartAsync(async (ctx, req) =>
        {
            if (!req.IsWatch)
            {
                if (Interlocked.Increment(ref lists) == 1)
                {
                    await FakeApiServer.WriteJsonAsync(ctx, FakeApiServer.Status(500, "InternalError", "journal unavailable"), 500);
                    return;
                }

                await FakeApiServer.WriteJsonAsync(ctx, PodList("7", null, FakeApiServer.Pod("a", "7")));
                return;
            }

            switch (Interlocked.Increment(ref watches))
            {
                case 1:
                    await FakeApiServer.WriteJsonAsync(ctx, FakeApiServer.Status(429, "TooManyRequests", "slow down"), 429);
                    break;
                case 2:
                    // Cut in the middle of an event: the watch is resumed from the last revision, not relisted.
                    await FakeApiServer.WriteChunkAsync(ctx, FakeApiServer.Event("ADDED", FakeApiServer.Pod("b", "8")) + "{\"type\":\"ADD");
                    break;
                case 3:
                    await FakeApiServer.WriteChunkAsync(ctx, FakeApiServer.Event("ERROR", FakeApiServer.Status(500, "InternalError", "oops")));
                    break;
                default:
                    await FakeApiServer.WriteChunkAsync(ctx, FakeApiServer.Event("DELETED", FakeApiServer.Pod("a", "9")));
                    await Task.Delay(Timeout.Infinite, ctx.RequestAborted);
                    break;
            }
        });
        using var client = server.Client();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var events = new List<WatchEvent>();
        await foreach (var e in client.ListWatchAsync(ResourceRef.Pods, options: Fast, cancellationToken: cts.Token))
        {
            events.Add(e);
            if (e.Type == WatchEventType.Deleted)
            {
                break;
            }
        }

        Assert.Equal(
            [(WatchEventType.Resync, "7"), (WatchEventType.Added, "8"), (WatchEventType.Deleted, "9")],
            events.Select(e => (e.Type, e.ResourceVersion!)));
        Assert.Equal(2, lists);
        Assert.Equal(["7", "7", "8", "8"], server.Requests.Where(r => r.IsWatch).Select(r => r.QueryValue("resourceVersion")));
    }

    [Fact]
    public async Task A_permanent_failure_is_thrown()
    {
        await using var server = await FakeApiServer.StartAsync((ctx, _) =>
            FakeApiServer.WriteJsonAsync(ctx, FakeApiServer.Status(403, "Forbidden", "pods is forbidden"), 403));
        using var client = server.Client();

        var error = await Assert.ThrowsAsync<KubeApiException>(async () =>
        {
            await foreach (var e in client.ListWatchAsync(ResourceRef.Pods, options: Fast))
            {
                Assert.Fail($"unexpected event {e.Type}");
            }
        });

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task Passes_selectors_and_watch_timeout_to_every_request()
    {
        var watches = 0;
        await using var server = await FakeApiServer.StartAsync(async (ctx, req) =>
        {
            if (!req.IsWatch)
            {
                await FakeApiServer.WriteJsonAsync(ctx, PodList("1", null));
            }
            else if (Interlocked.Increment(ref watches) == 1)
            {
                await FakeApiServer.WriteChunkAsync(ctx, FakeApiServer.Event("ADDED", FakeApiServer.Pod("a", "2")));
            }
            else
            {
                await Task.Delay(Timeout.Infinite, ctx.RequestAborted);
            }
        });
        using var client = server.Client();
        var options = Fast with { LabelSelector = "app=web", FieldSelector = "spec.nodeName=n1", WatchTimeoutSeconds = 300 };

        await foreach (var e in client.ListWatchAsync(ResourceRef.Pods, options: options))
        {
            if (e.Type == WatchEventType.Added)
            {
                break;
            }
        }

        Assert.All(server.Requests, r =>
        {
            Assert.Equal("app=web", r.QueryValue("labelSelector"));
            Assert.Equal("spec.nodeName=n1", r.QueryValue("fieldSelector"));
        });
        Assert.All(server.Requests.Where(r => r.IsWatch), r => Assert.Equal("300", r.QueryValue("timeoutSeconds")));
    }

    private static JsonObject PodList(string resourceVersion, string? next, params JsonObject[] pods)
    {
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion };
        if (next is not null)
        {
            metadata["continue"] = next;
        }

        var items = new JsonArray();
        foreach (var pod in pods)
        {
            pod.Remove("kind");
            pod.Remove("apiVersion");
            items.Add(pod);
        }

        return new JsonObject { ["kind"] = "PodList", ["apiVersion"] = "v1", ["metadata"] = metadata, ["items"] = items };
    }

    private static JsonObject Bookmark(string resourceVersion) => new()
    {
        ["kind"] = "Pod",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
    };
}
