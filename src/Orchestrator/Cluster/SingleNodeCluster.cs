using System.Globalization;
using Microsoft.Extensions.Logging;
using Orchestrator.Actors;
using Orchestrator.Api;
using Orchestrator.Api.Kinds;
using Orchestrator.Api.Resources;
using Orchestrator.Client;
using Orchestrator.Client.Config;
using Orchestrator.Controllers.Namespaces;
using Orchestrator.Client.Security;
using Orchestrator.Persistence.Sqlite;

namespace Orchestrator.Cluster;

/// <summary>
/// Everything of a cluster in one process on the embedded defaults: the SQLite journal in the data
/// directory, the actor system, the gateway and its HTTPS endpoint. It writes DIR/admin.conf as soon
/// as the API answers and DIR/ready once every component is up.
/// </summary>
public sealed class SingleNodeCluster : IAsyncDisposable
{
    private readonly ClusterOptions _options;
    private readonly ILogger _log;
    private readonly ILoggerFactory _loggerFactory;
    private SqliteJournal? _journal;
    private SqliteSnapshotStore? _snapshots;
    private ActorSystem? _system;
    private ApiGateway? _gateway;
    private ApiServer? _server;
    private ClusterCertificates? _certificates;
    private KubeClient? _client;

    public SingleNodeCluster(ClusterOptions options, ILoggerFactory loggerFactory)
    {
        _options = options;
        _loggerFactory = loggerFactory;
        _log = loggerFactory.CreateLogger<SingleNodeCluster>();
    }

    public string AdminConfPath => Path.Combine(_options.DataDir, "admin.conf");

    public string ReadyPath => Path.Combine(_options.DataDir, "ready");

    public async Task StartAsync()
    {
        Directory.CreateDirectory(_options.DataDir);
        File.Delete(ReadyPath);
        var listen = _options.Api.Listen;
        _certificates = ClusterCertificates.LoadOrCreate(_options.DataDir, [], [listen.Address]);
        var token = AdminToken.LoadOrCreate(_options.DataDir);

        _journal = new SqliteJournal(_options.Journal);
        _snapshots = new SqliteSnapshotStore(_options.Journal);
        _system = ActorSystem.Create("orchestrator", new ActorSystemSettings { LoggerFactory = _loggerFactory, Throughput = _options.ActorThroughput });
        var registry = BuiltInResources.Register(new ResourceRegistry());
        _gateway = await ApiGateway.StartAsync(_system, registry, _journal, _snapshots, _options.Api).ConfigureAwait(false);
        _gateway.StartCompaction(_options.CompactionInterval, _options.CompactionRetain);
        _server = await ApiServer.StartAsync(_gateway, token, _options.Api.PlainHttp ? null : _certificates.ServingCertificate, _loggerFactory).ConfigureAwait(false);

        var server = _server.Address.ToString().TrimEnd('/');
        Kubeconfig.Write(AdminConfPath, server, _certificates.CaPem, token);
        _log.LogInformation("API serving at {Server}; kubeconfig: {AdminConf}", server, AdminConfPath);

        // The controllers talk to the cluster through the API, as they would from another process.
        _client = KubeClient.FromKubeconfig(Kubeconfig.Load(AdminConfPath));
        _system.ActorOf(Props.Create(() => new NamespaceController(_client, TimeSpan.FromSeconds(1))), "namespace-controller");

        await File.WriteAllTextAsync(ReadyPath, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)).ConfigureAwait(false);
        _log.LogInformation("cluster ready ({Ready})", ReadyPath);
    }

    public async ValueTask DisposeAsync()
    {
        File.Delete(ReadyPath);
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        if (_gateway is not null)
        {
            await _gateway.DisposeAsync().ConfigureAwait(false);
        }

        if (_system is not null)
        {
            await _system.Terminate().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }

        _client?.Dispose();
        if (_journal is not null)
        {
            await _journal.DisposeAsync().ConfigureAwait(false);
        }

        if (_snapshots is not null)
        {
            await _snapshots.DisposeAsync().ConfigureAwait(false);
        }

        _certificates?.Dispose();
    }
}
