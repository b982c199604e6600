using Orchestrator.Hocon;
using AkkaConfig = Akka.Configuration.Config;

namespace Orchestrator.Persistence.Tests.TestSupport;

/// <summary>The project's reference.conf as Akka sees it, with a local actor provider and the named journal and snapshot plugins.</summary>
public static class AkkaTestConfig
{
    public static AkkaConfig With(string journal, string snapshots, string extra = "") =>
        Akka.Configuration.ConfigurationFactory.ParseString($$"""
            akka.loglevel = WARNING
            akka.actor.provider = local
            akka.persistence.journal.plugin = "akka.persistence.journal.{{journal}}"
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.{{snapshots}}"
            {{extra}}
            """).WithFallback(ReferenceConfig.Load().ToAkka());

    public static AkkaConfig InMemory(string extra = "") => With("memory", "memory", extra);

    /// <summary>The SQLite plugins, with their files in <paramref name="directory"/>.</summary>
    public static AkkaConfig Sqlite(string directory, string extra = "") => With("sqlite", "sqlite", $$"""
        akka.persistence.journal.sqlite.path = "{{Path.Combine(directory, "journal.db")}}"
        akka.persistence.snapshot-store.sqlite.path = "{{Path.Combine(directory, "snapshots.db")}}"
        {{extra}}
        """);
}
