using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orchestrator.Client.Tests.Support;
using Xunit;

namespace Orchestrator.Client.Tests.Watch;

public sealed class WatchTests
{
    [Fact]
    public async Task Parses_a_chunked_stream_of_every_event_type()
    {
        var added = FakeApiServer.Event("ADDED", FakeApiServer.Pod("a", "11"));
        await using var server = await FakeApiServer.StartAsync(async (ctx, _) =>
        {
            // One event split over two chunks, then two in one chunk, then a bookmark and an error.
            await FakeApiServer.WriteChunkAsync(ctx, added[..25]);
            await Task.Delay(50);
            await FakeApiServer.WriteChunkAsync(ctx, added[25..]);
            await FakeApiServer.WriteChunkAsync(ctx,
                FakeApiServer.Event("MODIFIED", FakeApiServer.Pod("a", "12")) + FakeApiServer.Event("DELETED", FakeApiServer.Pod("a", "13")));
            var bookmark = new JsonObject { ["kind"] = "Pod", ["apiVersion"] = "v1", ["metadata"] = new JsonObject { ["resourceVersion"] = "20" } };
            await FakeApiServer.WriteChunkAsync(ctx, FakeApiServer.Event("BOOKMARK", bookmark));
            await FakeApiServer.WriteChunkAsync(ctx, FakeApiServer.Event("ERROR", FakeApiServer.Status(410, "Expired", "too old resource version: 5 (20)")));
        });
        using var client = server.Client();

        var events = new List<WatchEvent>();
        await foreach (var e in client.WatchAsync(ResourceRef.Pods, "ns1", new WatchOptions
        {
            ResourceVersion = "10",
            AllowWatchBookmarks = true,
            TimeoutSeconds = 30,
            LabelSelector = "app=web",
            FieldSelector = "spec.nodeName=node-1",
        }))
        {
            events.Add(e);
        }

        Assert.Equal(
            [WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted, WatchEventType.Bookmark, WatchEventType.Error],
            events.Select(e => e.Type));
        Assert.Equal(["11", "12", "13", "20"], events.Take(4).Select(e => e.ResourceVersion));
        Assert.Equal("a", events[0].Object["metadata"]!["name"]!.GetValue<string>());
        Assert.Null(events[0].Status);
        var status = events[4].Status;
        Assert.NotNull(status);
        Assert.Equal(410, status.Code);
        Assert.Equal("Expired", status.Reason);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/api/v1/namespaces/ns1/pods", request.Path);
        Assert.Equal("true", request.QueryValue("watch"));
        Assert.Equal("10", request.QueryValue("resourceVersion"));
        Assert.Equal("true", request.QueryValue("allowWatchBookmarks"));
        Assert.Equal("30", request.QueryValue("timeoutSeconds"));
        Assert.Equal("app=web", request.QueryValue("labelSelector"));
        Assert.Equal("spec.nodeName=node-1", request.QueryValue("fieldSelector"));
    }

    [Fact]
    public async Task Delivers_each_event_while_the_stream_is_still_open()
    {
        var firstSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await FakeApiServer.StartAsync(async (ctx, _) =>
        {
            await FakeApiServer.WriteChunkAsync(ctx, FakeApiServer.Event("ADDED", FakeApiServer.Pod("a", "1")));
            // The second event is only sent once the client has reported the first.
            await firstSeen.Task.WaitAsync(TimeSpan.FromSeconds(10), ctx.RequestAborted);
            await FakeApiServer.WriteChunkAsync(ctx, FakeApiServer.Event("ADDED", FakeApiServer.Pod("b", "2")));
        });
        using var client = server.Client();

        var names = new List<string>();
        await foreach (var e in client.WatchAsync(ResourceRef.Pods))
        {
            names.Add(e.Object["metadata"]!["name"]!.GetValue<string>());
            firstSeen.TrySetResult();
        }

        Assert.Equal(["a", "b"], names);
    }

    [Fact]
    public async Task Works_over_tls_and_http2()
    {
        using var ca = new TestCertificates();
        using var serving = ca.IssueLocalhost();
        await using var server = await FakeApiServer.StartAsync(async (ctx, _) =>
        {
            await FakeApiServer.WriteChunkAsync(ctx, FakeApiServer.Event("ADDED", FakeApiServer.Pod("a", "1")));
            await FakeApiServer.WriteChunkAsync(ctx, FakeApiServer.Event("DELETED", FakeApiServer.Pod("a", "2")));
        }, serving);
        using var client = server.Client(ca.CaPem);

        var types = new List<WatchEventType>();
        await foreach (var e in client.WatchAsync(ResourceRef.Pods, "default"))
        {
            types.Add(e.Type);
        }

        Assert.Equal([WatchEventType.Added, WatchEventType.Deleted], types);
        Assert.Equal("HTTP/2", Assert.Single(server.Requests).Protocol);
    }

    [Fact]
    public async Task A_failed_watch_request_throws_when_enumeration_starts()
    {
        await using var server = await FakeApiServer.StartAsync((ctx, _) =>
            FakeApiServer.WriteJsonAsync(ctx, FakeApiServer.Status(410, "Expired", "too old resource version"), 410));
        using var client = server.Client();

        var error = await Assert.ThrowsAsync<KubeApiException>(async () =>
        {
            await foreach (var e in client.WatchAsync(ResourceRef.Pods, options: new WatchOptions { ResourceVersion = "1" }))
            {
                Assert.Fail($"unexpected event {e.Type}");
            }
        });

        Assert.Equal(HttpStatusCode.Gone, error.StatusCode);
        Assert.True(error.IsGone);
        Assert.Equal("Expired", error.Reason);
    }

    [Fact]
    public async Task Unknown_event_types_are_skipped()
    {
        await using var server = await FakeApiServer.StartAsync(async (ctx, _) =>
        {
            await FakeApiServer.WriteChunkAsync(ctx, FakeApiServer.Event("SOMETHING_NEW", FakeApiServer.Pod("x", "1")));
            await FakeApiServer.WriteChunkAsync(ctx, FakeApiServer.Event("ADDED", FakeApiServer.Pod("a", "2")));
        });
        using var client = server.Client();

        var events = new List<WatchEvent>();
        await foreach (var e in client.WatchAsync(ResourceRef.Pods))
        {
            events.Add(e);
        }

        Assert.Equal("2", Assert.Single(events).ResourceVersion);
    }

    [Fact]
    public async Task Cancelling_ends_a_watch_that_is_waiting_for_events()
    {
        await using var server = await FakeApiServer.StartAsync(async (ctx, _) =>
        {
            await FakeApiServer.WriteChunkAsync(ctx, FakeApiServer.Event("ADDED", FakeApiServer.Pod("a", "1")));
            await Task.Delay(Timeout.Infinite, ctx.RequestAborted);
        });
        using var client = server.Client();
        using var cts = new CancellationTokenSource();

        var received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var e in client.WatchAsync(ResourceRef.Pods, cancellationToken: cts.Token))
            {
                received++;
                cts.CancelAfter(100);
            }
        });
        Assert.Equal(1, received);
    }
}
