using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using Orchestrator.Client;
using Orchestrator.Client.Informers;
using Orchestrator.Hocon;
using Orchestrator.Proxy.Addresses;
using Orchestrator.Proxy.Dns;

namespace Orchestrator.Cluster;

/// <summary>
/// The cluster DNS of <c>orchestrator up</c> (<c>orchestrator.dns</c>): ensures the kube-dns Service, binds its
/// ClusterIP on the host's Service interface, answers there and on the node's host address, and runs the
/// <see cref="DnsServerActor"/> that keeps the records current.
/// </summary>
internal sealed partial class LocalDns : IAsyncDisposable
{
    private readonly IActorRef _actor;
    private readonly ClusterDnsServer _server;
    private readonly UpstreamForwarder _forwarder;
    private readonly ServiceAddressInterface _interface;
    private readonly IPAddress? _boundServiceAddress;

    private LocalDns(IActorRef actor, ClusterDnsServer server, UpstreamForwarder forwarder, ServiceAddressInterface iface, IPAddress? boundServiceAddress)
    {
        _actor = actor;
        _server = server;
        _forwarder = forwarder;
        _interface = iface;
        _boundServiceAddress = boundServiceAddress;
    }

    /// <summary>Where the server answers.</summary>
    public IReadOnlyList<IPEndPoint> EndPoints => _server.EndPoints;

    /// <summary>The kube-dns ClusterIP of a Service range: its tenth address.</summary>
    public static IPAddress ClusterDnsAddress(string serviceClusterIpRange) => KubeDnsService.TenthAddress(serviceClusterIpRange);

    /// <summary>
    /// The configuration the kubelet runs with: its cluster-dns follows the kube-dns ClusterIP and its cluster-domain
    /// the DNS server's, unless the user changed them (they differ from reference.conf's).
    /// </summary>
    /// <exception cref="ConfigException">Both cluster domains were set, differently.</exception>
    public static Config KubeletConfig(Config config, string serviceClusterIpRange)
    {
        ArgumentNullException.ThrowIfNull(config);
        var settings = DnsSettings.FromConfig(config);
        if (!settings.Enabled || !settings.ManageService)
        {
            return config;
        }

        var reference = ReferenceConfig.Load();
        var overrides = new List<string>();
        var clusterDns = config.GetStringList("orchestrator.kubelet.cluster-dns", []);
        if (clusterDns.SequenceEqual(reference.GetStringList("orchestrator.kubelet.cluster-dns")))
        {
            overrides.Add($"orchestrator.kubelet.cluster-dns = [{JsonSerializer.Serialize(ClusterDnsAddress(serviceClusterIpRange).ToString())}]");
        }

        var kubeletDomain = config.GetString("orchestrator.kubelet.cluster-domain", "cluster.local").Trim('.');
        if (!string.Equals(kubeletDomain, settings.ClusterDomain, StringComparison.OrdinalIgnoreCase))
        {
            if (kubeletDomain != reference.GetString("orchestrator.kubelet.cluster-domain"))
            {
                throw new ConfigException(
                    $"orchestrator.kubelet.cluster-domain ({kubeletDomain}) and orchestrator.dns.cluster-domain ({settings.ClusterDomain}) must agree");
            }

            overrides.Add($"orchestrator.kubelet.cluster-domain = {JsonSerializer.Serialize(settings.ClusterDomain)}");
        }

        return overrides.Count == 0 ? config : Config.ParseString(string.Join('\n', overrides)).WithFallback(config);
    }

    /// <summary>Starts the cluster DNS, or returns null when it is turned off.</summary>
    /// <exception cref="ConfigException">A DNS setting is wrong.</exception>
    public static async Task<LocalDns?> StartAsync(
        ActorSystem system, IKubeClient client, Config config, string serviceClusterIpRange, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(config);
        var log = loggerFactory.CreateLogger(typeof(LocalDns).FullName!);
        var settings = DnsSettings.FromConfig(config);
        if (!settings.Enabled)
        {
            LogOff(log);
            return null;
        }

        var upstream = settings.ResolveUpstream();
        var forwarder = new UpstreamForwarder(upstream, settings.UpstreamTimeout);
        var responder = new ClusterDnsResponder(DnsRecords.Empty(settings.ClusterDomain, (int)settings.Ttl.TotalSeconds), forwarder);
        var server = new ClusterDnsServer(responder, e => LogServerError(log, e.Message));
        var iface = new ServiceAddressInterface();
        IPAddress? bound = null;
        if (settings.ManageService)
        {
            var clusterIp = ClusterDnsAddress(serviceClusterIpRange);
            await KubeDnsService.EnsureAsync(client, clusterIp, cancellationToken).ConfigureAwait(false);
            try
            {
                await iface.AddAsync(clusterIp, cancellationToken).ConfigureAwait(false);
                server.Listen(new IPEndPoint(clusterIp, 53));
                // Removed again on stop only when this process answered there (another `up` may hold it).
                bound = clusterIp;
            }
            catch (Exception e) when (e is InvalidOperationException or SocketException or System.ComponentModel.Win32Exception)
            {
                // Without root (no interface, no port 53) the node keeps running; pods then have no cluster DNS.
                LogNotListening(log, $"{clusterIp}:53", e.Message);
            }
        }

        if (settings.HostAddress is { } hostAddress)
        {
            try
            {
                server.Listen(hostAddress);
            }
            catch (SocketException e)
            {
                LogNotListening(log, hostAddress.ToString(), e.Message);
            }
        }

        var informers = InformerSettings.FromConfig(system.Settings.Config.GetConfig("orchestrator.controllers.informers"));
        var actor = system.ActorOf(DnsServerActor.Props(client, informers, settings, responder), "cluster-dns");
        var endPoints = string.Join(", ", server.EndPoints);
        var upstreams = upstream.Count == 0 ? "none" : string.Join(", ", upstream);
        LogStarted(log, settings.ClusterDomain, endPoints, upstreams);

        return new LocalDns(actor, server, forwarder, iface, bound);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _actor.GracefulStop(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TaskCanceledException or AskTimeoutException)
        {
            // Stopped by the system's shutdown already.
        }

        _server.Dispose();
        _forwarder.Dispose();
        if (_boundServiceAddress is not null)
        {
            await _interface.RemoveAsync(_boundServiceAddress).ConfigureAwait(false);
        }

        _interface.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "no cluster DNS (orchestrator.dns.enabled = off)")]
    private static partial void LogOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "cluster DNS for {Domain} answering at {EndPoints}; forwarding to {Upstream}")]
    private static partial void LogStarted(ILogger logger, string domain, string endPoints, string upstream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "cluster DNS cannot answer at {EndPoint}: {Reason}")]
    private static partial void LogNotListening(ILogger logger, string endPoint, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "cluster DNS server: {Message}")]
    private static partial void LogServerError(ILogger logger, string message);
}
