using Akka.Actor;
using Akka.Serialization;
using Orchestrator.Hocon;
using Orchestrator.Persistence.Sqlite;

namespace Orchestrator.Benchmarks.Journal;

/// <summary>A 1 KiB event, stored as its bytes.</summary>
internal sealed record Blob(byte[] Data);

/// <summary>A persistent actor's state, stored as its bytes.</summary>
internal sealed record BenchState(byte[] Data);

/// <summary>Stores the benchmark's events and snapshots as their raw bytes, as a real SerializerWithStringManifest would.</summary>
internal sealed class BenchSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public override int Identifier => 4990;

    public override string Manifest(object o) => o is Blob ? "blob" : "state";

    public override byte[] ToBinary(object obj) => obj switch
    {
        Blob b => b.Data,
        BenchState s => s.Data,
        _ => throw new ArgumentException($"cannot serialize {obj?.GetType()}", nameof(obj)),
    };

    public override object FromBinary(byte[] bytes, string manifest) => manifest == "blob" ? new Blob(bytes) : new BenchState(bytes);

    /// <summary>An actor system on the SQLite journal and snapshot plugins, with their files under <paramref name="basePath"/>.</summary>
    public static ActorSystem CreateSystem(string name, string basePath, SqliteSynchronousMode synchronous) =>
        ActorSystem.Create(name, Akka.Configuration.ConfigurationFactory.ParseString($$"""
            akka.loglevel = WARNING
            akka.stdout-loglevel = ERROR
            akka.actor.provider = local
            akka.persistence.journal.plugin = "akka.persistence.journal.sqlite"
            akka.persistence.journal.sqlite.path = "{{basePath}}.db"
            akka.persistence.journal.sqlite.synchronous = {{synchronous.ToString().ToLowerInvariant()}}
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.sqlite"
            akka.persistence.snapshot-store.sqlite.path = "{{basePath}}-snapshots.db"
            akka.persistence.snapshot-store.sqlite.synchronous = {{synchronous.ToString().ToLowerInvariant()}}
            akka.actor.serializers.bench = "Orchestrator.Benchmarks.Journal.BenchSerializer, Orchestrator.Benchmarks"
            akka.actor.serialization-bindings {
              "Orchestrator.Benchmarks.Journal.Blob, Orchestrator.Benchmarks" = bench
              "Orchestrator.Benchmarks.Journal.BenchState, Orchestrator.Benchmarks" = bench
            }
            """).WithFallback(ReferenceConfig.Load().ToAkka()));
}
