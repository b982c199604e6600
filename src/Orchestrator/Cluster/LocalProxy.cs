using System.Net;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using Orchestrator.Client;
using Orchestrator.Client.Informers;
using Orchestrator.Hocon;
using Orchestrator.Kubelet.Node;
using Orchestrator.Proxy;
using Orchestrator.Proxy.Addresses;

namespace Orchestrator.Cluster;

/// <summary>
/// The service proxy of this machine, as <c>orchestrator up</c> runs it: settings from <c>orchestrator.proxy</c>, the
/// node's name and addresses from the kubelet's settings unless set there (the proxy itself knows nothing of the
/// kubelet), and a <see cref="ProxyActor"/> in the given actor system.
/// </summary>
internal static partial class LocalProxy
{
    /// <summary>Starts the proxy, or returns null when it is turned off.</summary>
    /// <exception cref="ConfigException">A proxy setting is wrong.</exception>
    public static IActorRef? Start(ActorSystem system, IKubeClient client, Config config, ILoggerFactory loggerFactory)
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

        var informers = InformerSettings.FromConfig(config.GetConfig("orchestrator.controllers.informers").ToAkka());
        var proxy = system.ActorOf(ProxyActor.Props(client, settings, informers, new ServiceAddressInterface(settings.ServiceAddressInterface)), "proxy");
        var nodePorts = string.Join(", ", settings.NodeAddresses);
        LogStarted(log, settings.NodeName, nodePorts);
        return proxy;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "no service proxy on this machine (orchestrator.proxy.enabled = off)")]
    private static partial void LogOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "service proxy running for node {Node}, node ports on {Addresses}")]
    private static partial void LogStarted(ILogger logger, string node, string addresses);
}
