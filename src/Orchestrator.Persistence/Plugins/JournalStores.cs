using System.Collections.Concurrent;
using System.Reflection;
using Akka.Actor;
using Akka.Configuration;
using Orchestrator.Persistence.Journal;

namespace Orchestrator.Persistence.Plugins;

/// <summary>
/// The journal stores of one actor system, by plugin id: the journal plugin writes through its store,
/// and the read journal (Akka.Persistence.Query) and the compactor read the same one, so the live
/// stream is pushed from the commit path instead of polled. Whoever asks first opens a store; it is
/// closed when the actor system terminates. Tests may register a store before first use.
/// </summary>
public sealed class JournalStores : IExtension
{
    private readonly ConcurrentDictionary<string, Lazy<IJournal>> _stores = new(StringComparer.Ordinal);
    private readonly ExtendedActorSystem _system;

    public JournalStores(ExtendedActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        _system = system;
        system.RegisterOnTermination(() =>
        {
            foreach (var store in _stores.Values.Where(s => s.IsValueCreated))
            {
                store.Value.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        });
    }

    public static JournalStores Get(ActorSystem system) => system.WithExtension<JournalStores, JournalStoresProvider>();

    /// <summary>
    /// The store of the journal plugin configured at <paramref name="pluginId"/>, opened if nobody has yet
    /// by the <see cref="IJournalStoreFactory.OpenStore"/> of the plugin's class.
    /// </summary>
    public IJournal GetOrOpen(string pluginId) =>
        _stores.GetOrAdd(pluginId, id => new Lazy<IJournal>(() => Open(id))).Value;

    /// <summary>The store of <paramref name="pluginId"/> once its plugin has opened it.</summary>
    public bool TryGet(string pluginId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IJournal? store)
    {
        store = _stores.TryGetValue(pluginId, out var lazy) ? lazy.Value : null;
        return store is not null;
    }

    /// <summary>Makes <paramref name="pluginId"/> use <paramref name="store"/>; false if it already has one.</summary>
    public bool Register(string pluginId, IJournal store) => _stores.TryAdd(pluginId, new Lazy<IJournal>(store));

    private IJournal Open(string pluginId)
    {
        var config = _system.Settings.Config.GetConfig(pluginId)
            ?? throw new ArgumentException($"no journal plugin is configured at {pluginId}", nameof(pluginId));
        var type = Type.GetType(config.GetString("class", ""), throwOnError: true)!;
        var open = type.GetMethod(nameof(IJournalStoreFactory.OpenStore), BindingFlags.Public | BindingFlags.Static, [typeof(Config)])
            ?? throw new ArgumentException($"{type} (the class of {pluginId}) does not implement {nameof(IJournalStoreFactory)}", nameof(pluginId));
        return (IJournal)open.Invoke(null, [config])!;
    }
}

public sealed class JournalStoresProvider : ExtensionIdProvider<JournalStores>
{
    public override JournalStores CreateExtension(ExtendedActorSystem system) => new(system);
}
