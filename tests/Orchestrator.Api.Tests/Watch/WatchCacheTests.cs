using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Akka.Actor;
using Orchestrator.Api.Entities;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Kinds;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Api.Watch;
using Orchestrator.Model.Selectors;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Api.Tests.Watch;

/// <summary>
/// The <see cref="WatchCache"/> actor fed journal events directly, as the feeder hands them over:
/// watch lines, selectors, lists now and at an older revision, 410 Gone, bookmarks, slow watchers.
/// </summary>
public sealed class WatchCacheTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly ResourceRegistry Registry = BuiltInResources.Register(new ResourceRegistry());
    private static readonly ResourceType ConfigMaps = Registry.FindByKind("", "ConfigMap")!;
    private static readonly ResourceType Pods = Registry.FindByKind("", "Pod")!;

    private readonly CacheLister _lister = new();

    public WatchCacheTests(ITestOutputHelper output)
        : base(ActorTestConfig.Local(), "watch-cache", output)
    {
    }

    [Fact]
    public async Task A_watch_without_a_revision_gets_the_current_objects_as_ADDED_then_every_change()
    {
        var cache = Cache(ConfigMaps);
        cache.Tell(Created(ConfigMap("a"), 1));
        cache.Tell(Created(ConfigMap("b", "default", """{"x":"y"}"""), 2));
        var watch = Channel.CreateUnbounded<WatchLine>();
        cache.Tell(new StartWatch(null, WatchFilter.All, Bookmarks: false, watch.Writer));
        Assert.Equal([("ADDED", "a", 1L), ("ADDED", "b", 2L)], [Line(await NextAsync(watch)), Line(await NextAsync(watch))]);

        cache.Tell(Updated(ConfigMap("a", "default", """{"k":"v"}"""), 3));
        cache.Tell(Deleted(ConfigMap("b", "default", """{"x":"y"}"""), 4));
        var modified = await NextAsync(watch);
        Assert.Equal(("MODIFIED", "a", 3L), Line(modified));
        Assert.Equal("v", modified["object"]!["data"]!["k"]!.GetValue<string>());
        var deleted = await NextAsync(watch);
        Assert.Equal(("DELETED", "b", 4L), Line(deleted));
        Assert.Equal("y", deleted["object"]!["data"]!["x"]!.GetValue<string>()); // the last state
        await AssertNoLineAsync(cache, watch);
    }

    [Fact]
    public async Task Watch_lines_are_one_JSON_object_per_line_with_the_object_at_its_resourceVersion()
    {
        var cache = Cache(ConfigMaps);
        var watch = Channel.CreateUnbounded<WatchLine>();
        cache.Tell(new StartWatch(0, WatchFilter.All, Bookmarks: false, watch.Writer));
        var obj = ConfigMap("a");
        cache.Tell(Created(obj, 7));
        var line = await watch.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

        var text = System.Text.Encoding.UTF8.GetString(line.Bytes);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var expected = obj.DeepClone().AsObject();
        expected["metadata"]!["resourceVersion"] = "7";
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["type"] = "ADDED", ["object"] = expected }, JsonNode.Parse(text)), text);
    }

    [Fact]
    public async Task A_watch_from_a_revision_replays_the_changes_after_it_then_follows()
    {
        var cache = Cache(ConfigMaps);
        cache.Tell(Created(ConfigMap("a"), 1));
        cache.Tell(Updated(ConfigMap("a", "default", """{"n":"2"}"""), 2));
        cache.Tell(Deleted(ConfigMap("a", "default", """{"n":"2"}"""), 3));
        var watch = Channel.CreateUnbounded<WatchLine>();
        cache.Tell(new StartWatch(1, WatchFilter.All, Bookmarks: false, watch.Writer));
        Assert.Equal(("MODIFIED", "a", 2L), Line(await NextAsync(watch)));
        Assert.Equal(("DELETED", "a", 3L), Line(await NextAsync(watch)));

        cache.Tell(Created(ConfigMap("b"), 4));
        Assert.Equal(("ADDED", "b", 4L), Line(await NextAsync(watch)));
        await AssertNoLineAsync(cache, watch);
    }

    [Fact]
    public async Task A_label_selector_turns_changes_into_ADDED_and_DELETED_as_objects_start_and_stop_matching()
    {
        var cache = Cache(ConfigMaps);
        var watch = Channel.CreateUnbounded<WatchLine>();
        cache.Tell(new StartWatch(0, new WatchFilter(null, LabelSelector.Parse("team=blue"), FieldSelector.Everything), Bookmarks: false, watch.Writer));

        cache.Tell(Created(ConfigMap("c"), 1));                                   // not matching: nothing
        cache.Tell(Updated(ConfigMap("c", labels: """{"team":"blue"}"""), 2));   // starts matching
        cache.Tell(Updated(ConfigMap("c", data: """{"x":"1"}""", labels: """{"team":"blue"}"""), 3));
        cache.Tell(Updated(ConfigMap("c", labels: """{"team":"red"}"""), 4));    // stops matching
        cache.Tell(Updated(ConfigMap("c", data: """{"x":"2"}""", labels: """{"team":"red"}"""), 5));
        cache.Tell(Created(ConfigMap("d", labels: """{"team":"blue"}"""), 6));
        cache.Tell(Deleted(ConfigMap("d", labels: """{"team":"blue"}"""), 7));
        cache.Tell(Deleted(ConfigMap("c", labels: """{"team":"red"}"""), 8));   // deleted while not matching: nothing

        var lines = new List<(string, string, long)>();
        for (var i = 0; i < 5; i++)
        {
            lines.Add(Line(await NextAsync(watch)));
        }

        Assert.Equal([("ADDED", "c", 2L), ("MODIFIED", "c", 3L), ("DELETED", "c", 4L), ("ADDED", "d", 6L), ("DELETED", "d", 7L)], lines);
        await AssertNoLineAsync(cache, watch);
    }

    [Fact]
    public async Task A_field_selector_and_a_namespace_filter_apply_to_watches()
    {
        var cache = Cache(Pods);
        var watch = Channel.CreateUnbounded<WatchLine>();
        var filter = new WatchFilter("team-a", LabelSelector.Everything, FieldSelector.Parse("spec.nodeName=node-1"));
        cache.Tell(new StartWatch(0, filter, Bookmarks: false, watch.Writer));

        cache.Tell(Created(Pod("p", "team-a", node: null), 1));
        cache.Tell(Created(Pod("q", "team-b", node: "node-1"), 2));    // another namespace
        cache.Tell(Updated(Pod("p", "team-a", node: "node-1"), 3));    // bound here: ADDED
        cache.Tell(Updated(Pod("p", "team-a", node: "node-1", phase: "Running"), 4));
        cache.Tell(Deleted(Pod("p", "team-a", node: "node-1", phase: "Running"), 5));

        Assert.Equal(("ADDED", "p", 3L), Line(await NextAsync(watch)));
        Assert.Equal(("MODIFIED", "p", 4L), Line(await NextAsync(watch)));
        Assert.Equal(("DELETED", "p", 5L), Line(await NextAsync(watch)));
        await AssertNoLineAsync(cache, watch);
    }

    [Fact]
    public async Task A_list_answers_the_current_objects_in_key_order_at_the_cache_revision()
    {
        var cache = Cache(ConfigMaps);
        cache.Tell(Created(ConfigMap("b", "ns2"), 1));
        cache.Tell(Created(ConfigMap("b", "ns1"), 2));
        cache.Tell(Created(ConfigMap("a", "ns2"), 3));
        cache.Tell(Created(ConfigMap("z", "ns1"), 4));
        cache.Tell(Deleted(ConfigMap("z", "ns1"), 5));

        var all = await ListAsync(cache, new ListObjects(WatchFilter.All, null, 0));
        Assert.Equal(["ns1/b", "ns2/a", "ns2/b"], all.Items.Select(o => o.Key));
        Assert.Equal(5, all.Revision);
        Assert.False(all.HasMore);

        // The feeder's progress moves the list's revision on even without events of this type.
        cache.Tell(new CacheProgress(9, 0));
        var one = await ListAsync(cache, new ListObjects(new WatchFilter("ns2", LabelSelector.Everything, FieldSelector.Everything), null, 0));
        Assert.Equal(["ns2/a", "ns2/b"], one.Items.Select(o => o.Key));
        Assert.Equal(9, one.Revision);

        var page = await ListAsync(cache, new ListObjects(WatchFilter.All, null, 2));
        Assert.Equal(["ns1/b", "ns2/a"], page.Items.Select(o => o.Key));
        Assert.True(page.HasMore);
        var rest = await ListAsync(cache, new ListObjects(WatchFilter.All, "ns2/a", 2));
        Assert.Equal(["ns2/b"], rest.Items.Select(o => o.Key));
        Assert.False(rest.HasMore);
    }

    [Fact]
    public async Task A_list_at_an_older_revision_inside_the_history_shows_the_objects_as_they_were_then()
    {
        var cache = Cache(ConfigMaps);
        cache.Tell(Created(ConfigMap("a", data: """{"v":"1"}"""), 1));
        cache.Tell(Created(ConfigMap("b"), 2));
        cache.Tell(Created(ConfigMap("c"), 3));
        cache.Tell(Updated(ConfigMap("a", data: """{"v":"2"}"""), 4));
        cache.Tell(Deleted(ConfigMap("b"), 5));
        cache.Tell(Created(ConfigMap("d"), 6));

        var atThree = await ListAsync(cache, new ListObjects(WatchFilter.All, null, 0, AtRevision: 3));
        Assert.Equal(3, atThree.Revision);
        Assert.Equal([("default/a", 1L), ("default/b", 2L), ("default/c", 3L)], atThree.Items.Select(o => (o.Key, o.Revision)));
        Assert.Equal("1", JsonNode.Parse(atThree.Items[0].Json)!["data"]!["v"]!.GetValue<string>());

        // Paged at that revision: the pages are cut from the same snapshot, whatever happens meanwhile.
        var first = await ListAsync(cache, new ListObjects(WatchFilter.All, null, 2, AtRevision: 4));
        Assert.Equal([("default/a", 4L), ("default/b", 2L)], first.Items.Select(o => (o.Key, o.Revision)));
        Assert.True(first.HasMore);
        cache.Tell(Deleted(ConfigMap("c"), 7));
        var second = await ListAsync(cache, new ListObjects(WatchFilter.All, "default/b", 2, AtRevision: 4));
        Assert.Equal(4, second.Revision);
        Assert.Equal([("default/c", 3L)], second.Items.Select(o => (o.Key, o.Revision)));
        Assert.False(second.HasMore);

        var now = await ListAsync(cache, new ListObjects(WatchFilter.All, null, 0));
        Assert.Equal([("default/a", 4L), ("default/d", 6L)], now.Items.Select(o => (o.Key, o.Revision)));
        Assert.Equal(7, now.Revision);
    }

    [Fact]
    public async Task A_list_at_a_revision_older_than_the_history_is_410_Gone()
    {
        var cache = Cache(ConfigMaps, history: 3);
        for (var revision = 1; revision <= 6; revision++)
        {
            cache.Tell(Created(ConfigMap($"o{revision}"), revision));
        }

        // The history holds revisions 4..6: a list at 3 can be rebuilt, one at 2 cannot.
        var atThree = await ListAsync(cache, new ListObjects(WatchFilter.All, null, 0, AtRevision: 3));
        Assert.Equal(["default/o1", "default/o2", "default/o3"], atThree.Items.Select(o => o.Key));
        var gone = await ListFailureAsync(cache, new ListObjects(WatchFilter.All, null, 0, AtRevision: 2));
        Assert.Equal((410, "Expired"), (gone.Code, gone.Reason));
        Assert.Contains("resourceVersion 2 is too old", gone.Message, StringComparison.Ordinal);

        // The journal's compaction floor, from the feeder, raises the bar too.
        cache.Tell(new CacheProgress(6, 4));
        Assert.Equal(410, (await ListFailureAsync(cache, new ListObjects(WatchFilter.All, null, 0, AtRevision: 3))).Code);
        Assert.Equal(5, (await ListAsync(cache, new ListObjects(WatchFilter.All, null, 0, AtRevision: 5))).Items.Count);
    }

    [Fact]
    public async Task A_watch_from_a_revision_older_than_the_history_gets_an_ERROR_line_and_ends()
    {
        var cache = Cache(ConfigMaps, history: 2);
        for (var revision = 1; revision <= 4; revision++)
        {
            cache.Tell(Created(ConfigMap($"o{revision}"), revision));
        }

        var old = Channel.CreateUnbounded<WatchLine>();
        cache.Tell(new StartWatch(1, WatchFilter.All, Bookmarks: false, old.Writer));
        var error = await NextAsync(old);
        Assert.Equal("ERROR", error["type"]!.GetValue<string>());
        Assert.Equal(("Status", 410, "Expired"), (error["object"]!["kind"]!.GetValue<string>(), error["object"]!["code"]!.GetValue<int>(), error["object"]!["reason"]!.GetValue<string>()));
        await old.Reader.Completion.WaitAsync(Timeout);

        // The oldest revision the history still covers works.
        var recent = Channel.CreateUnbounded<WatchLine>();
        cache.Tell(new StartWatch(2, WatchFilter.All, Bookmarks: false, recent.Writer));
        Assert.Equal(("ADDED", "o3", 3L), Line(await NextAsync(recent)));
        Assert.Equal(("ADDED", "o4", 4L), Line(await NextAsync(recent)));

        // So does the journal's floor, which the watch request brings along.
        var compacted = Channel.CreateUnbounded<WatchLine>();
        cache.Tell(new StartWatch(3, WatchFilter.All, Bookmarks: false, compacted.Writer, CompactedRevision: 4));
        Assert.Equal(410, (await NextAsync(compacted))["object"]!["code"]!.GetValue<int>());
        await compacted.Reader.Completion.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Watchers_that_asked_for_bookmarks_get_them_with_the_current_revision()
    {
        var cache = Cache(ConfigMaps, bookmarks: TimeSpan.FromMilliseconds(50));
        var withBookmarks = Channel.CreateUnbounded<WatchLine>();
        var without = Channel.CreateUnbounded<WatchLine>();
        cache.Tell(new StartWatch(0, new WatchFilter("elsewhere", LabelSelector.Everything, FieldSelector.Everything), Bookmarks: true, withBookmarks.Writer));
        cache.Tell(new StartWatch(0, new WatchFilter("elsewhere", LabelSelector.Everything, FieldSelector.Everything), Bookmarks: false, without.Writer));
        cache.Tell(Created(ConfigMap("a"), 1));
        cache.Tell(new CacheProgress(12, 0));

        // The event is in another namespace, so this watcher gets bookmarks only; once the progress is
        // applied they carry its revision (a tick may have come between the event and the progress).
        while (true)
        {
            var bookmark = await NextAsync(withBookmarks);
            Assert.Equal("BOOKMARK", bookmark["type"]!.GetValue<string>());
            Assert.Equal(("ConfigMap", "v1"), (bookmark["object"]!["kind"]!.GetValue<string>(), bookmark["object"]!["apiVersion"]!.GetValue<string>()));
            var revision = bookmark["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>();
            Assert.Contains(revision, (string[])["1", "12"]);
            if (revision == "12")
            {
                break;
            }
        }

        // Both watchers were served by the same timer tick, so the other one would have one by now.
        await AssertNoLineAsync(cache, without);
    }

    [Fact]
    public async Task A_watcher_that_falls_behind_is_cut_off_and_the_others_carry_on()
    {
        var cache = Cache(ConfigMaps);
        var slow = Channel.CreateBounded<WatchLine>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.Wait });
        var fast = Channel.CreateUnbounded<WatchLine>();
        cache.Tell(new StartWatch(0, WatchFilter.All, Bookmarks: false, slow.Writer));
        cache.Tell(new StartWatch(0, WatchFilter.All, Bookmarks: false, fast.Writer));
        cache.Tell(Created(ConfigMap("a"), 1));
        cache.Tell(Created(ConfigMap("b"), 2));
        cache.Tell(Created(ConfigMap("c"), 3));

        Assert.Equal(["a", "b", "c"], [Line(await NextAsync(fast)).Name, Line(await NextAsync(fast)).Name, Line(await NextAsync(fast)).Name]);
        Assert.Equal(("ADDED", "a", 1L), Line(await NextAsync(slow)));
        await Assert.ThrowsAsync<ChannelClosedException>(() => slow.Reader.Completion.WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_stopped_watch_gets_nothing_more()
    {
        var cache = Cache(ConfigMaps);
        var watch = Channel.CreateUnbounded<WatchLine>();
        cache.Tell(new StartWatch(0, WatchFilter.All, Bookmarks: false, watch.Writer));
        cache.Tell(Created(ConfigMap("a"), 1));
        Assert.Equal(("ADDED", "a", 1L), Line(await NextAsync(watch)));
        cache.Tell(new StopWatch(watch.Writer));
        cache.Tell(Created(ConfigMap("b"), 2));
        await AssertNoLineAsync(cache, watch);
    }

    [Fact]
    public async Task Lookups_and_the_lister_follow_the_events()
    {
        var cache = Cache(ConfigMaps);
        cache.Tell(Created(ConfigMap("a"), 1));
        cache.Tell(Updated(ConfigMap("a", data: """{"v":"2"}"""), 2));
        cache.Tell(new GetObject("default", "a"), TestActor);
        var lookup = await ExpectMsgAsync<ObjectLookup>(Timeout);
        Assert.Equal((2L, 2L), (lookup.Object!.Revision, lookup.Revision));
        Assert.Equal(2, _lister.Get("default", "a")!.Revision);

        cache.Tell(Deleted(ConfigMap("a", data: """{"v":"2"}"""), 3));
        cache.Tell(new GetObject("default", "a"), TestActor);
        var gone = await ExpectMsgAsync<ObjectLookup>(Timeout);
        Assert.Null(gone.Object);
        Assert.Equal(3, gone.Revision);
        Assert.Null(_lister.Get("default", "a"));
    }

    [Fact]
    public async Task Events_read_back_from_storage_without_a_snapshot_are_parsed_into_the_same_object()
    {
        var cache = Cache(Pods);
        var pod = Pod("p", "default", node: "node-1", labels: """{"app":"web"}""");
        cache.Tell(new CacheEvent(new ResourceCreated(ResourceSnapshot.Of(Pods, pod).Payload) { Revision = 5 }));
        var list = await ListAsync(cache, new ListObjects(new WatchFilter(null, LabelSelector.Parse("app=web"), FieldSelector.Parse("spec.nodeName=node-1")), null, 0));

        var cached = Assert.Single(list.Items);
        Assert.Equal(("default", "p", 5L), (cached.Namespace, cached.Name, cached.Revision));
        var expected = pod.DeepClone().AsObject();
        expected["metadata"]!["resourceVersion"] = "5";
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(cached.Json)));
    }

    private IActorRef Cache(ResourceType type, int history = 100, TimeSpan? bookmarks = null)
    {
        var lister = _lister;
        var interval = bookmarks ?? TimeSpan.FromHours(1);
        return Sys.ActorOf(Props.Create(() => new WatchCache(type, history, interval, lister)));
    }

    private static CacheEvent Created(JsonObject obj, long revision) => new(new ResourceCreated(Snapshot(obj)) { Revision = revision });

    private static CacheEvent Updated(JsonObject obj, long revision) => new(new ResourceUpdated(Snapshot(obj)) { Revision = revision });

    private static CacheEvent Deleted(JsonObject obj, long revision) => new(new ResourceDeleted(Snapshot(obj)) { Revision = revision });

    private static ResourceSnapshot Snapshot(JsonObject obj) => ResourceSnapshot.Of(obj["kind"]!.GetValue<string>() == "Pod" ? Pods : ConfigMaps, obj);

    private static JsonObject ConfigMap(string name, string ns = "default", string data = "{}", string labels = "{}") =>
        JsonNode.Parse($$$"""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}","uid":"uid-{{{name}}}","labels":{{{labels}}}},"data":{{{data}}}}
            """)!.AsObject();

    private static JsonObject Pod(string name, string ns, string? node, string phase = "Pending", string labels = "{}")
    {
        var pod = JsonNode.Parse($$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}","uid":"uid-{{{name}}}","labels":{{{labels}}}},
             "spec":{"containers":[{"name":"c","image":"i"}]},"status":{"phase":"{{{phase}}}"}}
            """)!.AsObject();
        if (node is not null)
        {
            pod["spec"]!["nodeName"] = node;
        }

        return pod;
    }

    private static async Task<JsonObject> NextAsync(Channel<WatchLine> watch)
    {
        var line = await watch.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        return JsonNode.Parse(line.Bytes)!.AsObject();
    }

    private static (string Type, string Name, long Revision) Line(JsonObject line) => (
        line["type"]!.GetValue<string>(),
        line["object"]!["metadata"]!["name"]!.GetValue<string>(),
        long.Parse(line["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture));

    /// <summary>
    /// Nothing more is coming: the cache writes lines while it handles an event, so once it has answered a
    /// lookup sent after everything else, every line it was going to write is in the channel.
    /// </summary>
    private async Task AssertNoLineAsync(IActorRef cache, Channel<WatchLine> watch)
    {
        cache.Tell(new GetObject("", "barrier"), TestActor);
        await ExpectMsgAsync<ObjectLookup>(Timeout);
        Assert.False(watch.Reader.TryRead(out var line), line is null ? "" : System.Text.Encoding.UTF8.GetString(line.Bytes));
    }

    private async Task<ObjectList> ListAsync(IActorRef cache, ListObjects request)
    {
        cache.Tell(request, TestActor);
        return await ExpectMsgAsync<ObjectList>(Timeout);
    }

    /// <summary>A refused list, asked as the gateway asks: the cache's Status.Failure fails the ask with its cause.</summary>
    private static Task<StatusException> ListFailureAsync(IActorRef cache, ListObjects request) =>
        Assert.ThrowsAsync<StatusException>(() => cache.Ask<ObjectList>(request, Timeout));
}
