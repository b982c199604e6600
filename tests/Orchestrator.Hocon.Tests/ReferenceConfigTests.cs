using Orchestrator.Hocon;
using Xunit;

namespace Orchestrator.Hocon.Tests;

public class ReferenceConfigTests
{
    private static readonly Config Reference = ReferenceConfig.Load();

    [Fact]
    public void Loads_the_embedded_reference_once()
    {
        Assert.Same(Reference, ReferenceConfig.Load());
        Assert.Equal(["orchestrator", "akka"], Reference.Root.Keys);
    }

    [Fact]
    public void Akka_cluster_and_sharding_defaults()
    {
        Assert.Equal("cluster", Reference.GetString("akka.actor.provider"));
        Assert.Equal("127.0.0.1", Reference.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal(0, Reference.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal("ddata", Reference.GetString("akka.cluster.sharding.state-store-mode"));
        Assert.False(Reference.GetBoolean("akka.cluster.sharding.remember-entities"));
        Assert.Equal(TimeSpan.FromMinutes(2), Reference.GetTimeSpan("akka.cluster.sharding.passivate-idle-entity-after"));
    }

    [Fact]
    public void Sqlite_journal_and_snapshot_plugin_defaults()
    {
        var sqlite = Reference.GetConfig("akka.persistence.journal.sqlite");

        Assert.Equal("akka.persistence.journal.sqlite", Reference.GetString("akka.persistence.journal.plugin"));
        Assert.Equal("journal.db", sqlite.GetString("path"));
        Assert.Equal("full", sqlite.GetString("synchronous"));
        Assert.Equal(1_572_864, sqlite.GetByteSize("max-event-size"));
        Assert.Equal(1000, sqlite.GetInt("max-batch-size"));
        Assert.Equal(0, sqlite.GetLong("retain-revisions"));

        // Never the journal's file (akka.net #3538).
        Assert.Equal("snapshots.db", Reference.GetString("akka.persistence.snapshot-store.sqlite.path"));
    }

    [Fact]
    public void Akka_reads_the_resolved_tree_as_ours_does()
    {
        var akka = Reference.ToAkka();

        Assert.Equal("cluster", akka.GetString("akka.actor.provider"));
        Assert.Equal(TimeSpan.FromMinutes(2), akka.GetTimeSpan("akka.cluster.sharding.passivate-idle-entity-after"));
        Assert.Equal(1_572_864, akka.GetSize("akka.persistence.journal.sqlite.max-event-size"));
        Assert.Equal(["control-plane"], akka.GetStringList("akka.cluster.roles"));
        Assert.Equal(TimeSpan.FromSeconds(15), akka.GetTimeSpan("orchestrator.leader-election.lease-duration"));
    }

    [Fact]
    public void Api_defaults()
    {
        var api = Reference.GetConfig("orchestrator.api");

        Assert.Equal("127.0.0.1:6443", api.GetString("listen"));
        Assert.Equal(64, api.GetInt("shards"));
        Assert.Equal(3 * 1024 * 1024, api.GetByteSize("max-body-size"));
        Assert.Equal(TimeSpan.FromSeconds(60), api.GetTimeSpan("watch-bookmark-interval"));
        Assert.True(api.GetLong("compaction-retain-revisions") > 0);
        Assert.Equal("100.96.0.0/16", api.GetString("service-cluster-ip-range"));
        Assert.Equal("30000-32767", api.GetString("service-node-port-range"));
        Assert.Equal(TimeSpan.FromSeconds(30), api.GetTimeSpan("defaulting.termination-grace-period"));
        Assert.Equal(TimeSpan.FromSeconds(300), api.GetTimeSpan("admission.default-not-ready-toleration"));
        Assert.Equal(TimeSpan.FromSeconds(300), api.GetTimeSpan("admission.default-unreachable-toleration"));
    }

    [Fact]
    public void Kubernetes_timings()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), Reference.GetTimeSpan("orchestrator.kubelet.node-lease.renew-interval"));
        Assert.Equal(TimeSpan.FromMilliseconds(200), Reference.GetTimeSpan("orchestrator.kubelet.node-lease.retry-backoff.initial"));
        Assert.Equal(TimeSpan.FromSeconds(7), Reference.GetTimeSpan("orchestrator.kubelet.node-lease.retry-backoff.max"));
        Assert.Equal(TimeSpan.FromSeconds(10), Reference.GetTimeSpan("orchestrator.kubelet.container-restart-backoff.initial"));
        Assert.Equal(TimeSpan.FromSeconds(300), Reference.GetTimeSpan("orchestrator.kubelet.container-restart-backoff.max"));

        var nodeLifecycle = Reference.GetConfig("orchestrator.controllers.node-lifecycle");
        Assert.Equal(TimeSpan.FromSeconds(5), nodeLifecycle.GetTimeSpan("node-monitor-period"));
        Assert.Equal(TimeSpan.FromSeconds(50), nodeLifecycle.GetTimeSpan("node-monitor-grace-period"));
        Assert.Equal(0.1, nodeLifecycle.GetDouble("node-eviction-rate"));
    }

    [Fact]
    public void Application_config_overrides_and_refers_to_the_reference()
    {
        var app = Config.ParseString(
            "orchestrator.kubelet.node-lease.renew-interval = 1s\norchestrator.api.listen = \"0.0.0.0:\"${orchestrator.api.shards}",
            new HoconParseOptions { Fallback = Reference });

        Assert.Equal(TimeSpan.FromSeconds(1), app.GetTimeSpan("orchestrator.kubelet.node-lease.renew-interval"));
        Assert.Equal(TimeSpan.FromSeconds(40), app.GetTimeSpan("orchestrator.kubelet.node-lease.duration"));
        Assert.Equal("0.0.0.0:64", app.GetString("orchestrator.api.listen"));
    }

    [Fact]
    public void Reference_file_in_the_repository_is_the_embedded_one()
    {
        var repositoryFile = FindRepositoryFile("hocon/reference.conf");

        Assert.Equal(Config.ParseFile(repositoryFile).ToString(), Reference.ToString());
    }

    [Fact]
    public void Every_setting_in_the_reference_file_is_documented_by_a_comment()
    {
        var lines = File.ReadAllLines(FindRepositoryFile("hocon/reference.conf")).Select(l => l.Trim()).ToArray();

        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].Contains('=', StringComparison.Ordinal) || lines[i].StartsWith('#'))
            {
                continue;
            }

            // A setting's comment is right above it, or above the group of settings it is written with.
            var above = i - 1;
            while (above >= 0 && !lines[above].StartsWith('#') && lines[above].Length > 0 && lines[above] != "}")
            {
                above--;
            }

            Assert.True(above >= 0 && lines[above].StartsWith('#'), $"reference.conf line {i + 1} ({lines[i]}) has no comment");
        }
    }

    private static string FindRepositoryFile(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(relativePath);
    }
}
