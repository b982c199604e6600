using System.Net;
using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using Orchestrator.Client;
using Orchestrator.Client.Informers;
using Orchestrator.Hocon;
using Orchestrator.Kubelet.Node;
using Orchestrator.Proxy;
using Orchestrator.Proxy.Addresses;
using Orchestrator.Proxy.Kernel;

namespace Orchestrator.Cluster;

/// <summary>
/// The service proxy of this machine, as <c>orchestrator up</c> runs it: settings from <c>orchestrator.proxy</c>, the
/// node's name and addresses from the kubelet's settings unless set there (the proxy itself knows nothing of the
/// kubelet), the mode (nftables when it can, unless told otherwise), and a <see cref="ProxyActor"/> in the given
/// actor system.
/// </summary>
internal static partial class LocalProxy
{
    /// <summary>Starts the proxy, or returns null when it is turned off.</summary>
    /// <exception cref="ConfigException">A proxy setting is wrong, or mode nftables cannot run here.</exception>
    public static async Task<IActorRef?> StartAsync(ActorSystem system, IKubeClient client, Config config, string dataDir, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(system);
        var log = loggerFactory.CreateLogger(typeof(LocalProxy).FullName!);
        var settings = ProxySettings.FromConfig(config);
        if (!settings.Enabled)
        {
            LogOff(log);
            return null;
        }

        var kubelet = KubeletSettings.FromConfig(config);
        if (settings.NodeName.Length == 0)
        {
            settings = settings with { NodeName = kubelet.NodeName };
        }

        if (settings.NodeAddresses.Count == 0)
        {
            settings = settings with { NodeAddresses = [.. kubelet.NodeIps.Select(IPAddress.Parse)] };
        }

        var kernel = await StartKernelModeAsync(system, settings, dataDir, log).ConfigureAwait(false);
        var informers = InformerSettings.FromConfig(config.GetConfig("orchestrator.controllers.informers").ToAkka());
        var proxy = system.ActorOf(ProxyActor.Props(client, settings, informers, new ServiceAddressInterface(settings.ServiceAddressInterface), kernel), "proxy");
        var nodePorts = string.Join(", ", settings.NodeAddresses);
        LogStarted(log, settings.NodeName, kernel is null ? "userspace" : $"nftables (table ip {kernel.Table})", nodePorts);
        return proxy;
    }

    /// <summary>The nftables proxier for modes nftables and auto, or null for userspace (or auto where it cannot run).</summary>
    private static async Task<NftablesProxier?> StartKernelModeAsync(ActorSystem system, ProxySettings settings, string dataDir, ILogger log)
    {
        if (settings.Mode == "userspace")
        {
            return null;
        }

        var table = settings.NftablesTable.Length > 0 ? settings.NftablesTable : DefaultTable(dataDir);
        var unavailable = NftablesProxier.Unavailable();
        if (unavailable is null)
        {
            try
            {
                return await NftablesProxier.StartAsync(table, Akka.Event.Logging.GetLogger(system, typeof(NftablesProxier))).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                unavailable = e.Message;
            }
        }

        if (settings.Mode == "nftables")
        {
            throw new ConfigException($"orchestrator.proxy.mode = nftables, but nftables cannot be used here: {unavailable}");
        }

        LogUserspace(log, unavailable);
        return null;
    }

    /// <summary>One table per cluster on this machine, the same across restarts: named after the data directory.</summary>
    private static string DefaultTable(string dataDir) =>
        NftablesProxier.TablePrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDir))))[..12];

    [LoggerMessage(Level = LogLevel.Information, Message = "no service proxy on this machine (orchestrator.proxy.enabled = off)")]
    private static partial void LogOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "service proxy running for node {Node} in {Mode} mode, node ports on {Addresses}")]
    private static partial void LogStarted(ILogger logger, string node, string mode, string addresses);

    [LoggerMessage(Level = LogLevel.Information, Message = "service proxy: nftables cannot be used here ({Reason}); proxying in userspace")]
    private static partial void LogUserspace(ILogger logger, string reason);
}
