using Orchestrator.Hocon;
using AkkaConfig = Akka.Configuration.Config;

namespace Orchestrator.Api.Tests.TestSupport;

/// <summary>
/// The project's reference.conf as Akka sees it, for actor tests on one local ActorSystem: a local
/// provider, the in-memory journal and snapshot plugins, and every message checked for serializability
/// (DESIGN: a message that could not cross nodes fails a test, not a cluster).
/// </summary>
public static class ActorTestConfig
{
    /// <summary>The plugin id of the in-memory journal, whose store <c>JournalStores.Get(system).GetOrOpen</c> returns.</summary>
    public const string Journal = "akka.persistence.journal.memory";

    public static AkkaConfig Local(string extra = "") =>
        Akka.Configuration.ConfigurationFactory.ParseString($"""
            akka.loglevel = WARNING
            akka.actor.provider = local
            akka.actor.serialize-messages = on
            akka.persistence.journal.plugin = "{Journal}"
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.memory"
            {extra}
            """).WithFallback(ReferenceConfig.Load().ToAkka());
}
