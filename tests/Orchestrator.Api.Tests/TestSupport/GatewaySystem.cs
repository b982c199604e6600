using Akka.Actor;
using Orchestrator.Hocon;
using Orchestrator.Persistence.Query;
using AkkaConfig = Akka.Configuration.Config;

namespace Orchestrator.Api.Tests.TestSupport;

/// <summary>
/// A one-member Akka cluster on loopback, on the in-memory journal, as the gateway needs it: what
/// <c>orchestrator up</c> runs, minus the files.
/// </summary>
public static class GatewaySystem
{
    /// <summary>The gateway's settings for the in-memory journal.</summary>
    public const string ReadJournal = JournalReadJournal.InMemoryIdentifier;

    public static AkkaConfig Config(string extra = "") => Akka.Configuration.ConfigurationFactory.ParseString($"""
        akka.loglevel = WARNING
        akka.persistence.journal.plugin = "akka.persistence.journal.memory"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.memory"
        # A test's system leaves no cluster behind, so it need not leave gracefully.
        akka.coordinated-shutdown.run-by-actor-system-terminate = off
        {extra}
        """).WithFallback(ReferenceConfig.Load().ToAkka());

    public static async Task<ActorSystem> StartAsync(string name, string extra = "")
    {
        var system = ActorSystem.Create(name, Config(extra));
        await JoinSelfAsync(system);
        return system;
    }

    public static async Task JoinSelfAsync(ActorSystem system)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(cluster.SelfAddress);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
