using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Client;
using Orchestrator.Controllers.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Selectors;
using Xunit;
using Xunit.Abstractions;
using Orchestrator.Client.Informers;

namespace Orchestrator.Controllers.Tests.Machinery;

/// <summary>
/// A shared informer over a scripted client: the first list fills the cache and syncs; watch events become
/// Added/Updated/Deleted with old and new objects; a dropped watch resumes from the last resourceVersion
/// (a bookmark's too) without listing; a 410 lists again and tells only the differences.
/// </summary>
public sealed class InformerTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly InformerKey ConfigMaps = new(ResourceRef.ConfigMaps);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly ScriptedKubeClient _client = new();

    public InformerTests(ITestOutputHelper output)
        : base("akka.loglevel = WARNING", output: output)
    {
    }

    [Fact]
    public async Task The_first_list_fills_the_cache_then_watch_events_update_it_with_old_and_new_objects()
    {
        _client.ScriptList("10", ConfigMap("a", "5"), ConfigMap("b", "6", ns: "kube-system"));
        var watch = _client.ScriptWatch();
        var factory = NewFactory();
        var lister = factory.Lister(ConfigMaps);
        factory.Subscribe(ConfigMaps, TestActor);

        var initial = new[] { Expect(InformerEventType.Added), Expect(InformerEventType.Added) };
        Assert.All(initial, e => Assert.True(e.IsInInitialList));
        Assert.Equal(["default/a", "kube-system/b"], initial.Select(e => ObjectKey.Of(e.Object)).Order());
        ExpectMsg<InformerSynced>(m => Assert.Equal(ConfigMaps, m.Informer), Timeout);
        Assert.True(lister.HasSynced);

        // The watch starts from the list's revision and asks for bookmarks.
        var watched = await _client.NextWatchAsync();
        Assert.Equal("10", watched!.ResourceVersion);
        Assert.True(watched.AllowWatchBookmarks);

        await watch.WriteAsync(new WatchEvent(WatchEventType.Modified, ConfigMap("a", "11", data: "changed")));
        var updated = Expect(InformerEventType.Updated);
        Assert.Equal("5", KubeObject.ResourceVersion(updated.OldObject!));
        Assert.Equal("11", KubeObject.ResourceVersion(updated.Object));

        await watch.WriteAsync(new WatchEvent(WatchEventType.Added, ConfigMap("c", "12", labels: new() { ["app"] = "web" })));
        Assert.False(Expect(InformerEventType.Added).IsInInitialList);
        await watch.WriteAsync(new WatchEvent(WatchEventType.Deleted, ConfigMap("b", "13", ns: "kube-system")));
        Assert.Equal("kube-system/b", ObjectKey.Of(Expect(InformerEventType.Deleted).Object));

        Assert.Equal("13", lister.LastSyncResourceVersion);
        Assert.Equal(["default/a", "default/c"], lister.ListKeys().Order());
        Assert.Equal("changed", KubeObject.GetString(lister.Get("default", "a")!, "data", "k"));
        Assert.Null(lister.Get("kube-system", "b"));
        Assert.Equal(["c"], lister.List("default", LabelSelector.Parse("app=web")).Select(KubeObject.Name));
        Assert.Empty(lister.List("kube-system"));
        Assert.Equal(2, lister.List().Count);
    }

    [Fact]
    public async Task A_transform_shapes_what_is_cached_and_told_and_is_its_own_informer()
    {
        var stripped = new InformerKey(ResourceRef.ConfigMaps, Transform: StripData);
        _client.ScriptList("10", ConfigMap("a", "5", data: "big"));
        var watch = _client.ScriptWatch();
        var factory = NewFactory();
        factory.Subscribe(stripped, TestActor);

        var added = ExpectMsg<InformerEvent>(Timeout);
        Assert.Equal((stripped, InformerEventType.Added), (added.Informer, added.Type));
        Assert.Null(added.Object["data"]);
        ExpectMsg<InformerSynced>(Timeout);
        await watch.WriteAsync(new WatchEvent(WatchEventType.Modified, ConfigMap("a", "11", data: "bigger")));
        var updated = ExpectMsg<InformerEvent>(Timeout);
        Assert.Equal(InformerEventType.Updated, updated.Type);
        Assert.Null(updated.Object["data"]);
        Assert.Equal("11", KubeObject.ResourceVersion(updated.Object));

        // The cache holds the transformed object; the same static method makes the same key, a key without it another.
        var cached = factory.Lister(new InformerKey(ResourceRef.ConfigMaps, Transform: StripData)).Get("default", "a");
        Assert.NotNull(cached);
        Assert.Null(cached["data"]);
        Assert.Equal("11", factory.Lister(stripped).LastSyncResourceVersion);
        Assert.False(factory.Lister(ConfigMaps).HasSynced);
    }

    private static JsonObject StripData(JsonObject configMap)
    {
        var copy = (JsonObject)configMap.DeepClone();
        copy.Remove("data");
        return copy;
    }

    [Fact]
    public async Task A_dropped_watch_resumes_from_the_last_revision_seen_without_listing_again()
    {
        _client.ScriptList("10", ConfigMap("a", "5"));
        var watch = _client.ScriptWatch();
        var factory = NewFactory();
        factory.Subscribe(ConfigMaps, TestActor);
        Expect(InformerEventType.Added);
        ExpectMsg<InformerSynced>(Timeout);
        await _client.NextListAsync();
        Assert.Equal("10", (await _client.NextWatchAsync())!.ResourceVersion);

        await watch.WriteAsync(new WatchEvent(WatchEventType.Modified, ConfigMap("a", "11")));
        Expect(InformerEventType.Updated);

        // The server ends the watch (its timeout, a restart): the informer watches again from 11.
        var resumed = _client.ScriptWatch();
        watch.Complete();
        Assert.Equal("11", (await _client.NextWatchAsync())!.ResourceVersion);

        // A bookmark moves the revision on without an event; the next resume starts there.
        await resumed.WriteAsync(new WatchEvent(WatchEventType.Bookmark, new JsonObject { ["kind"] = "ConfigMap", ["apiVersion"] = "v1", ["metadata"] = new JsonObject { ["resourceVersion"] = "40" } }));
        await resumed.WriteAsync(new WatchEvent(WatchEventType.Added, ConfigMap("b", "41")));
        Assert.Equal("default/b", ObjectKey.Of(Expect(InformerEventType.Added).Object));
        var again = _client.ScriptWatch();
        resumed.Complete();
        Assert.Equal("41", (await _client.NextWatchAsync())!.ResourceVersion);
        await again.WriteAsync(new WatchEvent(WatchEventType.Bookmark, new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = "50" } }));
        _client.ScriptWatch();
        again.Complete();
        Assert.Equal("50", (await _client.NextWatchAsync())!.ResourceVersion);

        Assert.False(_client.TryTakeList(out _), "a dropped watch made the informer list again");
    }

    [Fact]
    public async Task After_410_Gone_the_informer_lists_again_and_tells_only_what_changed_meanwhile()
    {
        _client.ScriptList("10", ConfigMap("a", "5"), ConfigMap("c", "6"), ConfigMap("e", "7"));
        var watch = _client.ScriptWatch();
        var factory = NewFactory();
        var lister = factory.Lister(ConfigMaps);
        factory.Subscribe(ConfigMaps, TestActor);
        Expect(InformerEventType.Added);
        Expect(InformerEventType.Added);
        Expect(InformerEventType.Added);
        ExpectMsg<InformerSynced>(Timeout);
        await _client.NextListAsync();
        await _client.NextWatchAsync();

        // The revision was compacted away while the informer was behind: the server says 410 in the stream.
        _client.ScriptList("30", ConfigMap("a", "5"), ConfigMap("c", "25", data: "new"), ConfigMap("d", "26"));
        var afterRelist = _client.ScriptWatch();
        await watch.WriteAsync(new WatchEvent(WatchEventType.Error, new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["reason"] = "Expired", ["code"] = 410 }));
        await _client.NextListAsync();

        // e went, c changed, d came; a is the same and is not told about.
        var changes = new[] { ExpectMsg<InformerEvent>(Timeout), ExpectMsg<InformerEvent>(Timeout), ExpectMsg<InformerEvent>(Timeout) };
        Assert.Equal(
            [(InformerEventType.Added, "d"), (InformerEventType.Updated, "c"), (InformerEventType.Deleted, "e")],
            changes.Select(e => (e.Type, KubeObject.Name(e.Object)!)).Order());
        Assert.Equal("6", KubeObject.ResourceVersion(changes.Single(e => e.Type == InformerEventType.Updated).OldObject!));
        Assert.Equal("30", (await _client.NextWatchAsync())!.ResourceVersion);
        Assert.Equal(["default/a", "default/c", "default/d"], lister.ListKeys().Order());

        // Had a been told about, it would come before this change.
        await afterRelist.WriteAsync(new WatchEvent(WatchEventType.Modified, ConfigMap("d", "31")));
        Assert.Equal("d", KubeObject.Name(Expect(InformerEventType.Updated).Object));

        // The same when the server refuses the watch outright with 410.
        _client.ScriptList("40", ConfigMap("a", "5"));
        var last = _client.ScriptWatch();
        last.Complete(new KubeApiException(System.Net.HttpStatusCode.Gone, new KubeStatus { Code = 410, Reason = "Expired" }));
        afterRelist.Complete();
        await _client.NextWatchAsync();
        await _client.NextListAsync();
        Assert.Equal(["c", "d"], new[] { Expect(InformerEventType.Deleted), Expect(InformerEventType.Deleted) }.Select(e => KubeObject.Name(e.Object)!).Order());
    }

    [Fact]
    public async Task A_late_subscriber_gets_the_cache_replayed_then_synced_and_one_list_serves_both()
    {
        _client.ScriptList("10", ConfigMap("a", "5"));
        _client.ScriptWatch();
        var factory = NewFactory();
        factory.Subscribe(ConfigMaps, TestActor);
        Expect(InformerEventType.Added);
        ExpectMsg<InformerSynced>(Timeout);

        var late = CreateTestProbe();
        factory.Subscribe(ConfigMaps, late);
        var replayed = late.ExpectMsg<InformerEvent>(Timeout);
        Assert.Equal((InformerEventType.Added, true, "a"), (replayed.Type, replayed.IsInInitialList, KubeObject.Name(replayed.Object)));
        late.ExpectMsg<InformerSynced>(Timeout);

        await _client.NextListAsync();
        Assert.False(_client.TryTakeList(out _), "the second subscriber made another list");
    }

    [Fact]
    public void Cached_objects_are_shared_and_GetForUpdate_hands_out_a_private_copy()
    {
        _client.ScriptList("10", ConfigMap("a", "5", data: "cached"));
        _client.ScriptWatch();
        var factory = NewFactory();
        var lister = factory.Lister(ConfigMaps);
        factory.Subscribe(ConfigMaps, TestActor);
        var added = Expect(InformerEventType.Added);

        Assert.Same(added.Object, lister.Get("default", "a"));
        var copy = lister.GetForUpdate("default", "a")!;
        copy["data"] = new JsonObject { ["k"] = "mine" };
        Assert.Equal("cached", KubeObject.GetString(lister.Get("default", "a")!, "data", "k"));
        Assert.Null(lister.GetForUpdate("default", "missing"));
    }

    [Fact]
    public void A_periodic_resync_hands_every_cached_object_out_again_as_an_update_to_itself()
    {
        _client.ScriptList("10", ConfigMap("a", "5"));
        _client.ScriptWatch();
        var factory = NewFactory(new InformerSettings { MinResyncPeriod = TimeSpan.FromMilliseconds(50) });
        factory.Subscribe(ConfigMaps, TestActor);
        Expect(InformerEventType.Added);
        ExpectMsg<InformerSynced>(Timeout);

        var resync = Expect(InformerEventType.Updated);
        Assert.Same(resync.OldObject, resync.Object);
    }

    private SharedInformerFactory NewFactory(InformerSettings? settings = null) =>
        new(Sys, _client, settings ?? new InformerSettings { InitialBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(5), MinResyncPeriod = TimeSpan.Zero });

    private InformerEvent Expect(InformerEventType type)
    {
        var e = ExpectMsg<InformerEvent>(Timeout);
        Assert.Equal(type, e.Type);
        Assert.Equal(ConfigMaps, e.Informer);
        return e;
    }

    private static JsonObject ConfigMap(string name, string resourceVersion, string ns = "default", string? data = null, Dictionary<string, string>? labels = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns, ["resourceVersion"] = resourceVersion };
        if (labels is not null)
        {
            metadata["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value)));
        }

        var configMap = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = metadata };
        if (data is not null)
        {
            configMap["data"] = new JsonObject { ["k"] = data };
        }

        return configMap;
    }
}
