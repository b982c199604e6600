using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Persistence.Query;
using Orchestrator.Api.Admission;
using Orchestrator.Api.Bootstrap;
using Orchestrator.Api.Entities;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Watch;
using Orchestrator.Api.Writes;
using Orchestrator.Persistence.Plugins;
using Orchestrator.Persistence.Query;

namespace Orchestrator.Api;

/// <summary>
/// The cluster's state behind the HTTP endpoints: the Akka.Cluster.Sharding region of resource
/// entities (writes), one watch cache per resource type (reads and watches) and the feeder that tails
/// the journal's global stream into the caches. Everything a request needs, without HTTP.
/// </summary>
public sealed class ApiGateway : IAsyncDisposable
{
    /// <summary>The shard region's type name.</summary>
    public const string RegionName = "resources";

    private readonly Dictionary<ResourceType, IActorRef> _caches = [];
    private readonly Dictionary<ResourceType, CacheLister> _listers = [];

    private ApiGateway(ActorSystem system, ResourceRegistry registry, ApiSettings settings, IActorRef region, JournalReadJournal journal)
    {
        System = system;
        Registry = registry;
        Settings = settings;
        Region = region;
        var byPath = new Dictionary<(string, string), IActorRef>();
        foreach (var type in registry.Types)
        {
            var lister = new CacheLister();
            _listers[type] = lister;
            var cache = system.ActorOf(
                Props.Create(() => new WatchCache(type, settings.WatchHistory, settings.BookmarkInterval, lister)),
                $"watch-cache-{(type.Group.Length == 0 ? "core" : type.Group)}-{type.Plural}");
            _caches[type] = cache;
            byPath[(type.Group, type.Plural)] = cache;
        }

        ServiceType = registry.FindByKind("", "Service");
        if (ServiceType is { } services)
        {
            var (min, max) = ServiceAllocatorSettings.ParsePortRange(settings.ServiceNodePortRange);
            var allocation = new ServiceAllocatorSettings(settings.ServiceClusterIpRange, min, max, services);
            var cache = _caches[services];
            ServiceAllocator = system.ActorOf(Props.Create(() => new ServiceAllocator(cache, allocation)), "service-allocator");
        }

        Feeder = new WatchCacheFeeder(journal, byPath, system);
        Writes = new WritePath(this);
    }

    public ActorSystem System { get; }

    public ResourceRegistry Registry { get; }

    public ApiSettings Settings { get; }

    /// <summary>The shard region of the resource entities.</summary>
    public IActorRef Region { get; }

    public WatchCacheFeeder Feeder { get; }

    /// <summary>The journal's read side: revisions, the compaction floor, the global stream.</summary>
    public JournalReadJournal Journal => Feeder.Journal;

    /// <summary>Allocates Service cluster IPs and node ports; null when Services are not served.</summary>
    public IActorRef? ServiceAllocator { get; }

    /// <summary>The Service kind, whose creates get addresses from <see cref="ServiceAllocator"/>; null when not served.</summary>
    public ResourceType? ServiceType { get; }

    /// <summary>The one way writes reach objects: naming, defaulting, validation, admission, the entity.</summary>
    public WritePath Writes { get; }

    public TimeProvider Time => Settings.Entities.Time;

    /// <summary>
    /// Starts the gateway on an actor system whose cluster this member has joined: the shard region
    /// persists through the configured journal plugin, the caches replay its read journal
    /// (<see cref="ApiSettings.ReadJournal"/>).
    /// </summary>
    public static async Task<ApiGateway> StartAsync(ActorSystem system, ResourceRegistry registry, ApiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(settings);
        var journal = PersistenceQuery.Get(system).ReadJournalFor<JournalReadJournal>(settings.ReadJournal);
        var entities = settings.Entities;
        var sharding = ClusterSharding.Get(system);
        var shardingSettings = ClusterShardingSettings.Create(system);
        var region = await sharding.StartAsync(
            RegionName,
            entityId => ResourceEntity.PropsFor(entityId, registry, entities),
            shardingSettings,
            new ResourceMessageExtractor(settings.Shards),
            sharding.DefaultShardAllocationStrategy(shardingSettings),
            StopEntity.Instance).ConfigureAwait(false);
        var gateway = new ApiGateway(system, registry, settings, region, journal);
        gateway.Feeder.Start();
        await gateway.Feeder.Ready.ConfigureAwait(false);
        await SystemObjects.EnsureAsync(gateway, CancellationToken.None).ConfigureAwait(false);
        return gateway;
    }

    public IActorRef CacheOf(ResourceType type) => _caches[type];

    /// <summary>Lookups into the type's cache without a round trip; they may trail the latest writes by a moment.</summary>
    public CacheLister ListerOf(ResourceType type) => _listers[type];

    /// <summary>Compacts the journal every <paramref name="interval"/>, keeping <paramref name="retain"/> revisions; 0 keeps everything.</summary>
    public void StartCompaction(TimeSpan interval, long retain)
    {
        if (retain > 0 && interval > TimeSpan.Zero)
        {
            var writePlugin = System.Settings.Config.GetString(Settings.ReadJournal + ".write-plugin");
            var store = JournalStores.Get(System).GetOrOpen(writePlugin);
            System.ActorOf(Props.Create(() => new JournalCompactor(store, interval, retain)), "journal-compactor");
        }
    }

    /// <summary>Sends a command to the object's entity and waits for its result.</summary>
    public async Task<ResourceResult> SendAsync(ResourceCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        try
        {
            return await Region.Ask<ResourceResult>(command, Settings.RequestTimeout, ct).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw StatusException.Timeout($"the write to {command.Key} did not complete within {Settings.RequestTimeout.TotalSeconds:F0}s");
        }
    }

    /// <summary>The cached object, after the cache has caught up with every committed write (a consistent read).</summary>
    public async Task<ObjectLookup> GetAsync(ResourceType type, string ns, string name, CancellationToken ct)
    {
        await Feeder.WaitForHeadAsync(ct).ConfigureAwait(false);
        return await CacheOf(type).Ask<ObjectLookup>(new GetObject(ns, name), Settings.RequestTimeout, ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await Feeder.DisposeAsync().ConfigureAwait(false);
    }
}
