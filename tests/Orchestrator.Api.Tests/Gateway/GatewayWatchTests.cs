using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace Orchestrator.Api.Tests.Gateway;

public sealed class GatewayWatchTests : IAsyncLifetime
{
    private GatewayFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await GatewayFixture.StartAsync(settings: new ApiSettings { WatchHistory = 1000 });

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Stopping_the_server_ends_open_watches_instead_of_waiting_for_their_clients()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        using var watcher = new HttpClient { BaseAddress = fixture.Server.Address, Timeout = Timeout.InfiniteTimeSpan };
        watcher.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", GatewayFixture.Token);
        using var response = await watcher.GetAsync(new Uri("/api/v1/namespaces/default/configmaps?watch=true", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await fixture.Server.DisposeAsync();
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"the server took {stopping.Elapsed} to stop");

        // The watch ended: the stream runs out rather than hanging.
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            while (await body.ReadAsync(buffer, cts.Token) > 0)
            {
            }
        }
        catch (IOException)
        {
            // Ended by the server closing the connection: also ended.
        }
    }

    [Fact]
    public async Task A_watch_from_the_lists_revision_sees_every_later_change_exactly_once_in_order()
    {
        await CreateAsync("before");
        var (_, list) = await _fixture.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps");
        var listRevision = list["metadata"]!["resourceVersion"]!.GetValue<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = new ConcurrentQueue<(string Type, string Name, long Revision)>();
        var watch = ReadWatchAsync($"/api/v1/namespaces/default/configmaps?watch=true&resourceVersion={listRevision}", events, 8 * 50 + 8 * 10, cts.Token);

        // 8 writers: each creates 50 objects, then updates 10 of them.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async w =>
        {
            for (var i = 0; i < 50; i++)
            {
                await CreateAsync($"w{w}-{i}");
            }

            for (var i = 0; i < 10; i++)
            {
                var (status, _) = await _fixture.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/default/configmaps/w{w}-{i}", """{"data":{"x":"y"}}""", "application/merge-patch+json");
                Assert.Equal(HttpStatusCode.OK, status);
            }
        }));

        await watch;
        var received = events.ToList();
        Assert.Equal(8 * 60, received.Count);
        Assert.Equal(received.Select(e => e.Revision).Order(), received.Select(e => e.Revision));
        Assert.Equal(received.Count, received.Select(e => e.Revision).Distinct().Count());
        Assert.DoesNotContain(received, e => e.Name == "before");
        Assert.Equal(8 * 50, received.Count(e => e.Type == "ADDED"));
        Assert.Equal(8 * 10, received.Count(e => e.Type == "MODIFIED"));
    }

    [Fact]
    public async Task A_watch_without_resourceVersion_starts_with_the_current_objects()
    {
        await CreateAsync("existing");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var events = new ConcurrentQueue<(string Type, string Name, long Revision)>();
        var watch = ReadWatchAsync("/api/v1/namespaces/default/configmaps?watch=1", events, 2, cts.Token);
        await Task.Delay(200);
        await CreateAsync("new");
        await watch;
        Assert.Equal([("ADDED", "existing"), ("ADDED", "new")], events.Select(e => (e.Type, e.Name)));
    }

    [Fact]
    public async Task A_label_selector_watch_sees_objects_enter_and_leave()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var events = new ConcurrentQueue<(string Type, string Name, long Revision)>();
        var watch = ReadWatchAsync("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1&labelSelector=team%3Dblue", events, 2, cts.Token);
        await CreateAsync("c");
        await _fixture.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/c", """{"metadata":{"labels":{"team":"blue"}}}""", "application/merge-patch+json");
        await _fixture.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/c", """{"metadata":{"labels":{"team":"red"}}}""", "application/merge-patch+json");
        await watch;
        Assert.Equal(["ADDED", "DELETED"], events.Select(e => e.Type));
    }

    [Fact]
    public async Task A_watch_from_a_revision_older_than_the_history_gets_410_Gone()
    {
        for (var i = 0; i < 1100; i++)
        {
            await CreateAsync($"old-{i}");
        }

        using var response = await _fixture.Client.GetAsync(new Uri("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=2", UriKind.Relative));
        var line = (await response.Content.ReadAsStringAsync()).Split('\n')[0];
        var error = JsonNode.Parse(line)!;
        Assert.Equal("ERROR", error["type"]!.GetValue<string>());
        Assert.Equal(410, error["object"]!["code"]!.GetValue<int>());
        Assert.Equal("Expired", error["object"]!["reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("&resourceVersion=0")]
    [InlineData("&resourceVersion=current")]
    public async Task A_watch_with_nothing_to_send_answers_its_headers_at_once(string resourceVersion)
    {
        // Clients wait for the headers before they apply their own timeouts (kubectl wait, kubectl logs):
        // a quiet watch must not hold them back until its first event.
        if (resourceVersion.EndsWith("current", StringComparison.Ordinal))
        {
            var (_, list) = await _fixture.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps");
            resourceVersion = "&resourceVersion=" + list["metadata"]!["resourceVersion"]!.GetValue<string>();
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        using var response = await _fixture.Client.GetAsync(
            new Uri("/api/v1/namespaces/default/configmaps?watch=true" + resourceVersion, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Bookmarks_carry_the_revision()
    {
        await using var fixture = await GatewayFixture.StartAsync(settings: new ApiSettings { BookmarkInterval = TimeSpan.FromMilliseconds(100) });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = await fixture.Client.GetAsync(new Uri("/api/v1/namespaces?watch=true&resourceVersion=1&allowWatchBookmarks=true", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        while (await reader.ReadLineAsync(cts.Token) is { } line)
        {
            var e = JsonNode.Parse(line)!;
            if (e["type"]!.GetValue<string>() == "BOOKMARK")
            {
                Assert.True(long.Parse(e["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) >= 4);
                return;
            }
        }

        Assert.Fail("no bookmark");
    }

    private async Task CreateAsync(string name)
    {
        var (status, body) = await _fixture.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"" + name + "\"}}");
        Assert.True(status == HttpStatusCode.Created, body.ToJsonString());
    }

    private async Task ReadWatchAsync(string path, ConcurrentQueue<(string, string, long)> events, int expected, CancellationToken ct)
    {
        using var response = await _fixture.Client.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (events.Count < expected && await reader.ReadLineAsync(ct) is { } line)
        {
            var e = JsonNode.Parse(line)!;
            var obj = e["object"]!;
            events.Enqueue((e["type"]!.GetValue<string>(), obj["metadata"]!["name"]!.GetValue<string>(),
                long.Parse(obj["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}
