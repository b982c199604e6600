using System.Globalization;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.TestKit;
using Orchestrator.Api.Entities;
using Orchestrator.Api.Kinds;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Api.Watch;
using Orchestrator.Model.Objects;
using Orchestrator.Persistence.Journal;
using Orchestrator.Persistence.Plugins;
using Orchestrator.Persistence.Query;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Api.Tests.Watch;

/// <summary>
/// The <see cref="WatchCacheFeeder"/> over the real in-memory read journal, with events written by real
/// <see cref="ResourceEntity"/> actors: routing by type in revision order, readiness after the history,
/// waiting for a revision or the head, and rebuilding from a compacted journal.
/// </summary>
public sealed class WatchCacheFeederTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly ResourceRegistry Registry = BuiltInResources.Register(new ResourceRegistry());
    private static readonly ResourceType ConfigMaps = Registry.FindByKind("", "ConfigMap")!;
    private static readonly ResourceType Namespaces = Registry.FindByKind("", "Namespace")!;
    private static readonly ResourceType Secrets = Registry.FindByKind("", "Secret")!;

    private readonly Dictionary<string, IActorRef> _entities = new(StringComparer.Ordinal);
    private readonly TestProbe _shards;
    private EntitySettings _entitySettings = new();

    public WatchCacheFeederTests(ITestOutputHelper output)
        : base(ActorTestConfig.Local(), "watch-cache-feeder", output)
    {
        _shards = CreateTestProbe("shards");
    }

    private JournalReadJournal ReadJournal => PersistenceQuery.Get(Sys).ReadJournalFor<JournalReadJournal>(JournalReadJournal.InMemoryIdentifier);

    private IJournal Store => JournalStores.Get(Sys).GetOrOpen(ActorTestConfig.Journal);

    [Fact]
    public async Task Events_written_by_entities_reach_the_cache_of_their_type_in_revision_order()
    {
        var configMaps = CreateTestProbe();
        var namespaces = CreateTestProbe();
        await using var feeder = Feeder(new() { [("", "configmaps")] = configMaps.Ref, [("", "namespaces")] = namespaces.Ref });
        feeder.Start();
        await feeder.Ready.WaitAsync(Timeout);

        var expectedConfigMaps = new List<(Type, string, long)>();
        var expectedNamespaces = new List<(Type, string, long)>();
        expectedNamespaces.Add((typeof(ResourceCreated), "team-a", await CreateNamespaceAsync("team-a")));
        expectedConfigMaps.Add((typeof(ResourceCreated), "a", await CreateAsync("a")));
        await CreateSecretAsync("s"); // a type without a cache: skipped
        expectedConfigMaps.Add((typeof(ResourceCreated), "b", await CreateAsync("b")));
        expectedConfigMaps.Add((typeof(ResourceUpdated), "a", await PatchAsync("a", "2")));
        expectedNamespaces.Add((typeof(ResourceUpdated), "team-a", await WriteAsync(new DeleteResource(ResourceKey.Of(Namespaces, "", "team-a"), DeleteOptions.None))));
        expectedConfigMaps.Add((typeof(ResourceDeleted), "a", await DeleteAsync("a")));
        var head = await Store.HighestRevisionAsync();

        Assert.Equal(expectedConfigMaps, await ReceiveEventsAsync(configMaps, expectedConfigMaps.Count, head));
        Assert.Equal(expectedNamespaces, await ReceiveEventsAsync(namespaces, expectedNamespaces.Count, head));
        await AwaitAssertAsync(() => Assert.Equal(head, feeder.ProcessedRevision), Timeout);
    }

    [Fact]
    public async Task Ready_completes_once_the_history_already_in_the_journal_is_in_the_caches()
    {
        var a = await CreateAsync("a");
        await CreateAsync("b");
        var patched = await PatchAsync("b", "2");
        await CreateNamespaceAsync("team-a");
        await DeleteAsync("a");
        var head = await Store.HighestRevisionAsync();
        Assert.True(head > a);

        var (caches, configMaps, namespaces) = RealCaches();
        await using var feeder = Feeder(caches);
        feeder.Start();
        await feeder.Ready.WaitAsync(Timeout);
        Assert.Equal(head, feeder.ProcessedRevision);

        // Asked after Ready, the caches answer after everything the feeder handed them before it.
        var list = await ListAsync(configMaps);
        Assert.Equal([("default/b", patched)], list.Items.Select(o => (o.Key, o.Revision)));
        Assert.Equal(head, list.Revision);
        Assert.Equal(["team-a"], (await ListAsync(namespaces)).Items.Select(o => o.Key));
    }

    [Fact]
    public async Task Ready_completes_on_an_empty_journal()
    {
        var (caches, configMaps, _) = RealCaches();
        await using var feeder = Feeder(caches);
        feeder.Start();
        await feeder.Ready.WaitAsync(Timeout);
        Assert.Equal(0, feeder.ProcessedRevision);
        Assert.Empty((await ListAsync(configMaps)).Items);

        // Then live.
        var a = await CreateAsync("a");
        await feeder.WaitForAsync(a, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(["default/a"], (await ListAsync(configMaps)).Items.Select(o => o.Key));
    }

    [Fact]
    public async Task WaitForAsync_completes_once_the_revision_reached_the_caches()
    {
        var (caches, configMaps, _) = RealCaches();
        await using var feeder = Feeder(caches);
        feeder.Start();
        await feeder.Ready.WaitAsync(Timeout);
        var head = await Store.HighestRevisionAsync();

        Assert.True(feeder.WaitForAsync(head, CancellationToken.None).IsCompletedSuccessfully);
        var waiting = feeder.WaitForAsync(head + 2, CancellationToken.None);
        var first = await CreateAsync("a");
        Assert.Equal(head + 1, first);
        Assert.False(waiting.IsCompleted, "the second revision was not written yet");

        var second = await CreateAsync("b");
        await waiting.WaitAsync(Timeout);
        Assert.True(feeder.ProcessedRevision >= second);
        var list = await ListAsync(configMaps);
        Assert.Equal([("default/a", first), ("default/b", second)], list.Items.Select(o => (o.Key, o.Revision)));

        // A wait can be given up.
        using var cancel = new CancellationTokenSource();
        var never = feeder.WaitForAsync(second + 100, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => never);
    }

    [Fact]
    public async Task WaitForHeadAsync_waits_until_the_caches_hold_every_committed_write()
    {
        var (caches, configMaps, _) = RealCaches();
        await using var feeder = Feeder(caches);
        feeder.Start();
        await feeder.Ready.WaitAsync(Timeout);

        var revisions = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => CreateAsync($"o{i:D2}")));
        await feeder.WaitForHeadAsync(CancellationToken.None).WaitAsync(Timeout);

        var head = await Store.HighestRevisionAsync();
        Assert.Equal(revisions.Max(), head);
        Assert.True(feeder.ProcessedRevision >= head);
        var list = await ListAsync(configMaps);
        Assert.Equal(20, list.Items.Count);
        Assert.Equal(head, list.Revision);
        Assert.Equal(revisions.Order(), list.Items.Select(o => o.Revision).Order());
    }

    [Fact]
    public async Task A_new_feeder_rebuilds_every_object_from_a_compacted_journal()
    {
        _entitySettings = new EntitySettings { DeleteEventsEvery = 2 };
        await CreateAsync("a");
        await CreateAsync("gone");
        await PatchAsync("a", "2");
        await PatchAsync("a", "3");
        var a = await PatchAsync("a", "4");
        var b = await CreateAsync("b");
        await DeleteAsync("gone");
        await CreateAsync("c");
        var c = await PatchAsync("c", "2");

        // Compacted to the middle: "gone"'s creation is below the floor, its deletion above.
        var middle = b;
        await Store.CompactAsync(middle);
        await AssertRebuiltAsync(middle, [("default/a", a), ("default/b", b), ("default/c", c)]);

        // And to the head: only what each object's latest state needs is left.
        var head = await Store.HighestRevisionAsync();
        await Store.CompactAsync(head);
        Assert.True((await Store.ReadRetainedAsync(head).CollectAsync()).Count < head);
        await AssertRebuiltAsync(head, [("default/a", a), ("default/b", b), ("default/c", c)]);
    }

    private async Task AssertRebuiltAsync(long floor, IReadOnlyList<(string, long)> expected)
    {
        var (caches, configMaps, _) = RealCaches();
        await using var feeder = Feeder(caches);
        feeder.Start();
        await feeder.Ready.WaitAsync(Timeout);
        var head = await Store.HighestRevisionAsync();
        Assert.Equal(head, feeder.ProcessedRevision);

        var list = await ListAsync(configMaps);
        Assert.Equal(expected, list.Items.Select(o => (o.Key, o.Revision)));
        Assert.Equal(head, list.Revision);
        Assert.Equal("4", JsonNode.Parse(list.Items[0].Json)!["data"]!["n"]!.GetValue<string>());

        // The caches know the floor: a list from before it is 410 Gone.
        if (floor > 1)
        {
            var gone = await Assert.ThrowsAsync<Errors.StatusException>(() => configMaps.Ask<ObjectList>(new ListObjects(WatchFilter.All, null, 0, AtRevision: floor - 1), Timeout));
            Assert.Equal(410, gone.Code);
        }
    }

    private WatchCacheFeeder Feeder(Dictionary<(string Group, string Plural), IActorRef> caches) => new(ReadJournal, caches, Sys);

    private (Dictionary<(string Group, string Plural), IActorRef> Caches, IActorRef ConfigMaps, IActorRef Namespaces) RealCaches()
    {
        var configMaps = Sys.ActorOf(Props.Create(() => new WatchCache(ConfigMaps, 1000, TimeSpan.FromHours(1), new CacheLister())));
        var namespaces = Sys.ActorOf(Props.Create(() => new WatchCache(Namespaces, 1000, TimeSpan.FromHours(1), new CacheLister())));
        return (new() { [("", "configmaps")] = configMaps, [("", "namespaces")] = namespaces }, configMaps, namespaces);
    }

    private static async Task<ObjectList> ListAsync(IActorRef cache) => await cache.Ask<ObjectList>(new ListObjects(WatchFilter.All, null, 0), Timeout);

    /// <summary>
    /// The events a probe standing in for a cache receives up to <paramref name="head"/>, as (type, name, revision),
    /// checking on the way that each progress report comes after every event it covers.
    /// </summary>
    private static async Task<List<(Type, string, long)>> ReceiveEventsAsync(TestProbe cache, int count, long head)
    {
        var events = new List<(Type, string, long)>();
        var progress = 0L;
        while (events.Count < count || progress < head)
        {
            switch (await cache.ExpectMsgAsync<object>(Timeout))
            {
                case CacheEvent e:
                    Assert.True(e.Event.Revision > progress, $"event at {e.Event.Revision} after progress to {progress}");
                    events.Add((e.Event.GetType(), KubeObject.Name(e.Event.ParseObject())!, e.Event.Revision));
                    break;
                case CacheProgress p:
                    Assert.True(p.Revision >= progress, $"progress went back from {progress} to {p.Revision}");
                    progress = p.Revision;
                    break;
                case var other:
                    Assert.Fail($"unexpected {other}");
                    break;
            }
        }

        return events;
    }

    private Task<long> CreateAsync(string name) => WriteAsync(new CreateResource(ResourceKey.Of(ConfigMaps, "default", name), Prepared(ConfigMaps, $$"""
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{name}}","namespace":"default"},"data":{"n":"1"} }
        """), DryRun: false));

    private Task<long> CreateSecretAsync(string name) => WriteAsync(new CreateResource(ResourceKey.Of(Secrets, "default", name), Prepared(Secrets, $$"""
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"{{name}}","namespace":"default"},"stringData":{"k":"v"} }
        """), DryRun: false));

    private Task<long> CreateNamespaceAsync(string name) => WriteAsync(new CreateResource(ResourceKey.Of(Namespaces, "", name), Prepared(Namespaces, $$"""
        {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{name}}"} }
        """), DryRun: false));

    private Task<long> PatchAsync(string name, string n) => WriteAsync(new PatchResource(
        ResourceKey.Of(ConfigMaps, "default", name), PatchKind.Merge, JsonBytes.From(new JsonObject { ["data"] = new JsonObject { ["n"] = n } }), null, DryRun: false));

    private Task<long> DeleteAsync(string name) => WriteAsync(new DeleteResource(ResourceKey.Of(ConfigMaps, "default", name), DeleteOptions.None));

    /// <summary>Sends a command to the object's entity (started on first use) and answers the revision it wrote.</summary>
    private async Task<long> WriteAsync(ResourceCommand command)
    {
        if (!_entities.TryGetValue(command.Key.PersistenceId, out var entity))
        {
            var props = ResourceEntity.PropsFor(command.Key.PersistenceId, Registry, _entitySettings);
            var shards = _shards.Ref;
            entity = Sys.ActorOf(Props.Create(() => new ShardStandIn(props, shards)));
            _entities[command.Key.PersistenceId] = entity;
        }

        var result = await entity.Ask<ResourceResult>(command, Timeout);
        Assert.True(result.Outcome != ResourceOutcome.Failed, result.Status?.ToString());
        return long.Parse(KubeObject.ResourceVersion(JsonNode.Parse(result.Object!)!.AsObject())!, CultureInfo.InvariantCulture);
    }

    private static byte[] Prepared(ResourceType type, string json)
    {
        var obj = JsonNode.Parse(json)!.AsObject();
        ObjectWrites.PrepareCreate(type, obj, DateTimeOffset.UtcNow);
        return JsonBytes.From(obj);
    }
}
