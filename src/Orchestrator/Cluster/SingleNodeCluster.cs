using System.Globalization;
using Akka.Actor;
using Akka.Actor.Setup;
using Microsoft.Extensions.Logging;
using Orchestrator.Api;
using Orchestrator.Api.Authentication;
using Orchestrator.Api.Kinds;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Streaming;
using Orchestrator.Client;
using Orchestrator.Client.Config;
using Orchestrator.Client.Security;
using Orchestrator.Controllers;
using Orchestrator.Controllers.Cloud;
using Orchestrator.Controllers.Cloud.Provider;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Kubelet.Hollow;
using Orchestrator.Kubelet.Node;
using Orchestrator.Kubelet.Server;
using Orchestrator.Logging;
using Orchestrator.Persistence.Plugins;
using Orchestrator.Scheduler.Actors;

namespace Orchestrator.Cluster;

/// <summary>
/// Everything of a cluster in one process on the embedded defaults: a one-member Akka cluster (it joins
/// itself), the SQLite journal in the data directory, the gateway and its HTTPS endpoint, and the
/// controllers. It writes DIR/admin.conf as soon as the API answers and DIR/ready once every component is up.
/// </summary>
public sealed partial class SingleNodeCluster : IAsyncDisposable
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly ClusterOptions _options;
    private readonly ILogger _log;
    private readonly ILoggerFactory _loggerFactory;
    private ActorSystem? _system;
    private ApiGateway? _gateway;
    private ApiServer? _server;
    private ClusterCertificates? _certificates;
    private KubeletConnection? _kubelets;
    private ServiceAccountKeys? _serviceAccountKeys;
    private KubeClient? _client;
    private ControllerManagerSingleton? _controllerManager;
    private ControllerManagerSingleton? _cloudControllerManager;
    private KubeSchedulerSingleton? _scheduler;
    private KubeletHost? _kubelet;
    private IActorRef? _proxy;
    private LocalDns? _dns;

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
        // The serving certificate also names the `kubernetes` Service's ClusterIP (the range's first address), as
        // kube-apiserver's does: in-cluster clients connect to KUBERNETES_SERVICE_HOST and verify it with the pod's ca.crt.
        var kubernetesServiceIp = Ipv4Cidr.Parse(_options.Api.ServiceClusterIpRange).AddressAt(1);
        _certificates = ClusterCertificates.LoadOrCreate(_options.DataDir, [], [listen.Address, kubernetesServiceIp]);
        var token = AdminToken.LoadOrCreate(_options.DataDir);
        var tokenSettings = _options.Api.ServiceAccountTokens;
        _serviceAccountKeys = ServiceAccountKeys.LoadOrCreate(_options.DataDir, tokenSettings.KeyFile, tokenSettings.PublicKeyFile);

        var setup = BootstrapSetup.Create().WithConfig(_options.Akka).And(new LoggerFactorySetup(_loggerFactory));
        _system = ActorSystem.Create("orchestrator", setup);

        // Opened now rather than by the plugin's first write, so a data directory another process holds
        // fails the start with its message.
        JournalStores.Get(_system).GetOrOpen(_system.Settings.Config.GetString("akka.persistence.journal.plugin"));
        await JoinSelfAsync(_system).ConfigureAwait(false);

        var admission = _system.Settings.Config.GetConfig("orchestrator.api.admission");
        var registry = BuiltInResources.Register(
            new ResourceRegistry(),
            (long)admission.GetTimeSpan("default-not-ready-toleration").TotalSeconds,
            (long)admission.GetTimeSpan("default-unreachable-toleration").TotalSeconds);
        _gateway = await ApiGateway.StartAsync(_system, registry, _options.Api).ConfigureAwait(false);
        _gateway.StartCompaction(_options.CompactionInterval, _options.CompactionRetain);
        var serviceAccountTokens = new ServiceAccountTokens(_gateway, _serviceAccountKeys.SigningKey, _serviceAccountKeys.PublicKeys);
        // The gateway's identity to the kubelets (pods' log, exec, attach, portforward), issued afresh by the cluster CA on each start.
        _kubelets = new KubeletConnection(CertificateIssuer.IssueClient(_certificates.Ca, KubeletClientCertificate.CommonName), _certificates.Ca);
        _server = await ApiServer.StartAsync(
            _gateway, token, _options.Api.PlainHttp ? null : _certificates.ServingCertificate, _loggerFactory, serviceAccountTokens, kubelets: _kubelets,
            extraEndpoints: endpoints => SchedulerExplainEndpoint.Map(endpoints, () => _scheduler?.Proxy)).ConfigureAwait(false);

        var server = _server.Address.ToString().TrimEnd('/');
        Kubeconfig.Write(AdminConfPath, server, _certificates.CaPem, token);
        LogServing(server, AdminConfPath);

        // The controllers talk to the cluster through the API, as they would from another process.
        _client = KubeClient.FromKubeconfig(Kubeconfig.Load(AdminConfPath));
        // The controller manager is a cluster singleton holding the kube-controller-manager Lease.
        var controllerSettings = ControllerManagerSettings.FromConfig(_system.Settings.Config);
        _controllerManager = ControllerManagerSingleton.Start(
            _system, ControllerManager.Props(_client, BuiltInControllers.All(_certificates.CaPem, _serviceAccountKeys.SigningKey), controllerSettings));

        // The cloud controller manager (orchestrator.cloud.enabled) likewise, holding the cloud-controller-manager Lease.
        _cloudControllerManager = StartCloudControllerManager(_system, _client, controllerSettings);

        // The scheduler too, holding the kube-scheduler Lease.
        _scheduler = KubeSchedulerSingleton.Start(_system, KubeScheduler.Props(_client, KubeSchedulerSettings.FromConfig(_system.Settings.Config)));

        // The cluster DNS (orchestrator.dns.enabled) before the kubelet, whose ClusterFirst pods resolve through it.
        _dns = await LocalDns.StartAsync(_system, _client, _options.Settings, _options.Api.ServiceClusterIpRange, _loggerFactory, CancellationToken.None).ConfigureAwait(false);

        // This machine as a worker node (orchestrator.kubelet.enabled), through the API like any other kubelet.
        _kubelet = await LocalKubelet.StartAsync(_system, _client, LocalDns.KubeletConfig(_options.Settings, _options.Api.ServiceClusterIpRange), _options.DataDir, _loggerFactory, _certificates.Ca, CancellationToken.None).ConfigureAwait(false);

        // The service proxy (orchestrator.proxy.enabled), through the API like kube-proxy.
        _proxy = await LocalProxy.StartAsync(_system, _client, _options.Settings, _options.DataDir, _loggerFactory).ConfigureAwait(false);

        await File.WriteAllTextAsync(ReadyPath, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)).ConfigureAwait(false);
        LogReady(ReadyPath);
    }

    /// <summary>Stops the components before the API they talk to, then the API, then the cluster member.</summary>
    public async ValueTask DisposeAsync()
    {
        File.Delete(ReadyPath);
        if (_kubelet is not null)
        {
            // The node first: NotReady, its pods stopped within the shutdown grace period, while the API is there.
            LogStopping("kubelet");
            await _kubelet.StopAsync().ConfigureAwait(false);
        }

        if (_proxy is not null)
        {
            // Its listeners close; connections in flight end with the process.
            LogStopping("service proxy");
            await _proxy.GracefulStop(StopTimeout).ConfigureAwait(false);
        }

        if (_dns is not null)
        {
            LogStopping("cluster DNS");
            await _dns.DisposeAsync().ConfigureAwait(false);
        }

        if (_scheduler is not null)
        {
            // Scheduling, then its Lease, while the API is still there to release it.
            LogStopping("scheduler");
            await _scheduler.StopAsync(StopTimeout).ConfigureAwait(false);
        }

        if (_cloudControllerManager is not null)
        {
            LogStopping("cloud controllers");
            await _cloudControllerManager.StopAsync(StopTimeout).ConfigureAwait(false);
        }

        LogStopping("controllers");
        if (_controllerManager is not null)
        {
            // Its controllers, then its Lease, while the API is still there to release it.
            await _controllerManager.StopAsync(StopTimeout).ConfigureAwait(false);
        }

        _client?.Dispose();
        if (_server is not null)
        {
            LogStopping("API");
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        _kubelets?.Dispose();

        if (_gateway is not null)
        {
            await _gateway.DisposeAsync().ConfigureAwait(false);
        }

        if (_system is not null)
        {
            // Leaves the cluster, hands its shards off and terminates (Akka's coordinated shutdown).
            LogStopping("cluster member");
            await CoordinatedShutdown.Get(_system).Run(CoordinatedShutdown.ClrExitReason.Instance).WaitAsync(StopTimeout * 4).ConfigureAwait(false);
        }

        _certificates?.Dispose();
        _serviceAccountKeys?.Dispose();
        LogStopped();
    }

    /// <summary>Starts the cloud controller manager on the configured provider, or returns null when orchestrator.cloud.enabled is off.</summary>
    private ControllerManagerSingleton? StartCloudControllerManager(ActorSystem system, KubeClient client, ControllerManagerSettings controllerSettings)
    {
        var cloud = CloudSettings.FromConfig(system.Settings.Config);
        if (!cloud.Enabled)
        {
            LogNoCloud();
            return null;
        }

        ICloudProvider provider;
        try
        {
            provider = CloudProviders.Create(cloud.Provider, cloud.Config);
        }
        catch (Akka.Configuration.ConfigurationException e)
        {
            // A wrong provider or pool is the user's setting to fix: its message, not a stack trace.
            throw new Orchestrator.Hocon.ConfigException(e.Message, e);
        }

        provider.Initialize(client);
        var loops = CloudControllers.All(provider, cloud);
        var names = string.Join(", ", loops.Select(l => l.Name));
        LogCloud(provider.ProviderName, names);
        return ControllerManagerSingleton.Start(
            system, ControllerManager.Props(client, loops, controllerSettings, leaseName: CloudControllers.LeaseName), CloudControllers.LeaseName);
    }

    /// <summary>A one-member cluster: the member is its own seed.</summary>
    private static async Task JoinSelfAsync(ActorSystem system)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        await cluster.JoinAsync(cluster.SelfAddress).WaitAsync(JoinTimeout).ConfigureAwait(false);
        await up.Task.WaitAsync(JoinTimeout).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "API serving at {Server}; kubeconfig: {AdminConf}")]
    private partial void LogServing(string server, string adminConf);

    [LoggerMessage(Level = LogLevel.Information, Message = "cluster ready ({Ready})")]
    private partial void LogReady(string ready);

    [LoggerMessage(Level = LogLevel.Information, Message = "stopping the {Part}")]
    private partial void LogStopping(string part);

    [LoggerMessage(Level = LogLevel.Information, Message = "no cloud controller manager (orchestrator.cloud.enabled = off)")]
    private partial void LogNoCloud();

    [LoggerMessage(Level = LogLevel.Information, Message = "cloud controller manager on the {Provider} provider: {Loops}")]
    private partial void LogCloud(string provider, string loops);

    [LoggerMessage(Level = LogLevel.Information, Message = "stopped")]
    private partial void LogStopped();
}
