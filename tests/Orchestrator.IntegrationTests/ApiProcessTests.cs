using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace Orchestrator.IntegrationTests;

/// <summary>The gateway through the real executable over HTTPS: CRUD, conflicts, list+watch, compaction, restarts.</summary>
public sealed class ApiProcessTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterProcess _cluster;

    public ApiProcessTests(ClusterFixture fixture) => _cluster = fixture.Cluster;

    public static TheoryData<string, string, string> Kinds => new()
    {
        { "/api/v1/namespaces", "/api/v1/namespaces/it-ns", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"it-ns"}}""" },
        { "/api/v1/nodes", "/api/v1/nodes/node-a", """{"apiVersion":"v1","kind":"Node","metadata":{"name":"node-a"},"spec":{}}""" },
        { "/api/v1/namespaces/default/pods", "/api/v1/namespaces/default/pods/web", """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},"spec":{"containers":[{"name":"c","image":"busybox:local"}]}}""" },
        { "/api/v1/namespaces/default/configmaps", "/api/v1/namespaces/default/configmaps/cfg", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg"},"data":{"k":"v"}}""" },
        { "/api/v1/namespaces/default/secrets", "/api/v1/namespaces/default/secrets/s", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"k":"dmFsdWU="}}""" },
        { "/api/v1/namespaces/default/events", "/api/v1/namespaces/default/events/e", """{"apiVersion":"v1","kind":"Event","metadata":{"name":"e"},"involvedObject":{"kind":"Pod","name":"web","namespace":"default"},"reason":"Test","message":"hello","type":"Normal"}""" },
        { "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-a", """{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"node-a"},"spec":{"holderIdentity":"node-a","leaseDurationSeconds":40}}""" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Each_kind_supports_create_get_list_update_patch_delete(string collection, string item, string manifest)
    {
        var (created, body) = await _cluster.SendAsync(HttpMethod.Post, collection, manifest);
        Assert.True(created == HttpStatusCode.Created, body?.ToJsonString());
        var uid = body!["metadata"]!["uid"]!.GetValue<string>();
        var rv1 = Revision(body);

        var (got, fetched) = await _cluster.SendAsync(HttpMethod.Get, item);
        Assert.Equal(HttpStatusCode.OK, got);
        Assert.Equal(uid, fetched!["metadata"]!["uid"]!.GetValue<string>());

        var (listed, list) = await _cluster.SendAsync(HttpMethod.Get, collection);
        Assert.Equal(HttpStatusCode.OK, listed);
        Assert.Contains(uid, list!["items"]!.AsArray().Select(i => i!["metadata"]!["uid"]!.GetValue<string>()));

        // Controllers may write the object meanwhile (the node IPAM controller gives a Node its podCIDR): a
        // conflicting update is read again and retried, as a client does.
        fetched["metadata"]!["labels"] = new JsonObject { ["updated"] = "yes" };
        var (updated, afterUpdate) = await _cluster.SendAsync(HttpMethod.Put, item, fetched.ToJsonString());
        for (var attempt = 0; attempt < 5 && updated == HttpStatusCode.Conflict; attempt++)
        {
            (_, fetched) = await _cluster.SendAsync(HttpMethod.Get, item);
            fetched!["metadata"]!["labels"] = new JsonObject { ["updated"] = "yes" };
            (updated, afterUpdate) = await _cluster.SendAsync(HttpMethod.Put, item, fetched.ToJsonString());
        }

        Assert.True(updated == HttpStatusCode.OK, afterUpdate?.ToJsonString());
        Assert.True(Revision(afterUpdate!) > rv1);

        var (patched, afterPatch) = await _cluster.SendAsync(HttpMethod.Patch, item, """{"metadata":{"annotations":{"patched":"yes"}}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, patched);
        Assert.Equal("yes", afterPatch!["metadata"]!["labels"]!["updated"]!.GetValue<string>());
        Assert.Equal("yes", afterPatch["metadata"]!["annotations"]!["patched"]!.GetValue<string>());

        var (stale, conflict) = await _cluster.SendAsync(HttpMethod.Put, item, fetched.ToJsonString());
        Assert.Equal(HttpStatusCode.Conflict, stale);
        Assert.Equal("Conflict", conflict!["reason"]!.GetValue<string>());

        var (deleted, _) = await _cluster.SendAsync(HttpMethod.Delete, item);
        Assert.Equal(HttpStatusCode.OK, deleted);
        // Namespaces and pods on a node finish deleting asynchronously; everything else is gone at once.
        if (!collection.EndsWith("/namespaces", StringComparison.Ordinal))
        {
            var (gone, _) = await _cluster.SendAsync(HttpMethod.Get, item);
            Assert.Equal(HttpStatusCode.NotFound, gone);
        }
    }

    [Fact]
    public async Task List_then_watch_from_its_revision_under_eight_writers_loses_and_repeats_nothing()
    {
        var (_, list) = await _cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps");
        var from = list!["metadata"]!["resourceVersion"]!.GetValue<string>();
        const int Writers = 8, PerWriter = 40;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var events = new ConcurrentQueue<(string Type, string Name, long Revision)>();
        var watch = WatchAsync($"/api/v1/namespaces/default/configmaps?watch=true&resourceVersion={from}", events, Writers * PerWriter * 2, cts.Token);
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async w =>
        {
            for (var i = 0; i < PerWriter; i++)
            {
                var name = $"w{w}-{i}";
                var (status, _) = await _cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", ConfigMap(name, "0"));
                Assert.Equal(HttpStatusCode.Created, status);
                (status, _) = await _cluster.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/default/configmaps/{name}", """{"data":{"n":"1"}}""", "application/merge-patch+json");
                Assert.Equal(HttpStatusCode.OK, status);
            }
        }));
        await watch;
        var received = events.ToList();
        Assert.Equal(Writers * PerWriter * 2, received.Count);
        Assert.Equal(received.Select(e => e.Revision).Order(), received.Select(e => e.Revision));
        Assert.Equal(received.Count, received.Select(e => e.Revision).Distinct().Count());
        Assert.Equal(Writers * PerWriter, received.Count(e => e.Type == "ADDED"));
        Assert.Equal(Writers * PerWriter, received.Count(e => e.Type == "MODIFIED"));
    }

    [Fact]
    public async Task After_a_restart_every_object_is_back_with_its_resourceVersion_and_an_old_watch_resumes()
    {
        var before = new Dictionary<string, long>();
        for (var i = 0; i < 20; i++)
        {
            var (_, body) = await _cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", ConfigMap($"keep-{i}"));
            before[$"keep-{i}"] = Revision(body!);
        }

        var resumeFrom = before["keep-9"];
        await _cluster.RestartAsync();

        var (_, list) = await _cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps");
        var after = list!["items"]!.AsArray().ToDictionary(i => i!["metadata"]!["name"]!.GetValue<string>(), i => Revision(i!));
        foreach (var (name, revision) in before)
        {
            Assert.Equal(revision, after[name]);
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = new ConcurrentQueue<(string Type, string Name, long Revision)>();
        var watch = WatchAsync($"/api/v1/namespaces/default/configmaps?watch=true&resourceVersion={resumeFrom}", events, 11, cts.Token);
        await _cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"after-restart"}}""");
        await watch;
        Assert.Equal([.. Enumerable.Range(10, 10).Select(i => $"keep-{i}"), "after-restart"], events.Select(e => e.Name));
    }

    [Fact]
    public async Task After_kill_9_every_acknowledged_write_is_back()
    {
        await using var cluster = await ClusterProcess.StartAsync();
        var acknowledged = new ConcurrentDictionary<string, long>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    var (status, body) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", ConfigMap($"crash-{w}-{i}"));
                    if (status == HttpStatusCode.Created)
                    {
                        acknowledged[$"crash-{w}-{i}"] = Revision(body!);
                    }
                }
                catch (HttpRequestException)
                {
                    return; // the process is gone
                }
                catch (TaskCanceledException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return; // the crash disposed the client between two requests
                }
            }
        })).ToArray();
        await Task.Delay(1500);
        await cluster.CrashAndRestartAsync();
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.NotEmpty(acknowledged);
        var (_, list) = await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps");
        var stored = list!["items"]!.AsArray().ToDictionary(i => i!["metadata"]!["name"]!.GetValue<string>(), i => Revision(i!));
        foreach (var (name, revision) in acknowledged)
        {
            Assert.True(stored.TryGetValue(name, out var found), $"{name} was acknowledged at {revision} but is gone after kill -9");
            Assert.Equal(revision, found);
        }
    }

    [Fact]
    public async Task SIGTERM_stops_the_controllers_then_the_api_then_the_cluster_member_quietly_even_with_a_watch_open()
    {
        var cluster = await ClusterProcess.StartAsync();
        var kubectl = new Kubectl(Kubectl.V132, cluster.AdminConf);

        // A client holding a watch open, as kubectl get -w does, must not hold up the stop.
        var watching = kubectl.RunWithinAsync(TimeSpan.FromSeconds(30), "get", "configmaps", "-w");
        await Task.Delay(1000);
        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await cluster.StopAsync();
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {stopping.Elapsed}");
        var (_, _, killed) = await watching;
        Assert.False(killed, "the watch outlived the server");

        var output = cluster.Output;
        var order = new[] { "stopping the controllers", "stopping the API", "stopping the cluster member", "stopped" }
            .Select(line => output.IndexOf(line, StringComparison.Ordinal)).ToArray();
        Assert.True(order.All(i => i >= 0) && order.SequenceEqual(order.Order()), output);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain(" fail:", output, StringComparison.Ordinal);
        await cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_watch_from_a_compacted_revision_gets_410_Gone()
    {
        await using var cluster = await ClusterProcess.StartAsync("orchestrator.api { compaction-interval = 200ms, compaction-retain-revisions = 5 }");
        for (var i = 0; i < 30; i++)
        {
            await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", ConfigMap($"c{i}"));
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var response = await cluster.Client.GetAsync(new Uri("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=3&timeoutSeconds=1", UriKind.Relative));
            var first = (await response.Content.ReadAsStringAsync()).Split('\n')[0];
            if (first.Length > 0 && JsonNode.Parse(first)!["type"]!.GetValue<string>() == "ERROR")
            {
                var status = JsonNode.Parse(first)!["object"]!;
                Assert.Equal(410, status["code"]!.GetValue<int>());
                Assert.Equal("Expired", status["reason"]!.GetValue<string>());
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the journal was never compacted past revision 3");
            await Task.Delay(200);
        }

        // The objects themselves survive compaction, also across a restart.
        await cluster.RestartAsync();
        var (_, list) = await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps");
        Assert.Equal(30, list!["items"]!.AsArray().Count(i => i!["metadata"]!["name"]!.GetValue<string>() != "kube-root-ca.crt"));
    }

    private async Task WatchAsync(string path, ConcurrentQueue<(string, string, long)> events, int expected, CancellationToken ct)
    {
        using var response = await _cluster.Client.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (events.Count < expected && await reader.ReadLineAsync(ct) is { } line)
        {
            var e = JsonNode.Parse(line)!;
            var obj = e["object"]!;
            events.Enqueue((e["type"]!.GetValue<string>(), obj["metadata"]!["name"]!.GetValue<string>(), Revision(obj)));
        }
    }

    private static string ConfigMap(string name, string? n = null)
    {
        var obj = new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } };
        if (n is not null)
        {
            obj["data"] = new JsonObject { ["n"] = n };
        }

        return obj.ToJsonString();
    }

    private static long Revision(JsonNode obj) => long.Parse(obj["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);
}
