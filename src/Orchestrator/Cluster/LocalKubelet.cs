using System.Net;
using System.Security.Cryptography.X509Certificates;
using Akka;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using Orchestrator.Client;
using Orchestrator.Hocon;
using Orchestrator.Client.Security;
using Orchestrator.Kubelet.Node;
using Orchestrator.Kubelet.Server;

namespace Orchestrator.Cluster;

/// <summary>
/// The kubelet of this machine, as <c>orchestrator up</c> and <c>orchestrator kubelet</c> run it: settings from
/// <c>orchestrator.kubelet</c> (root dir under the data directory unless set), the runtime chosen by
/// <see cref="KubeletRuntimeFactory"/>, and a <see cref="KubeletHost"/> in the given actor system.
/// </summary>
internal static partial class LocalKubelet
{
    private static readonly TimeSpan RegisterTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Starts the kubelet, or returns null when it is turned off.</summary>
    /// <exception cref="KubeletRefusedException">The node name belongs to another machine.</exception>
    /// <exception cref="ConfigException">A kubelet setting is wrong (or runtime = docker without an engine).</exception>
    /// <param name="clusterCa">
    /// The cluster CA with its key, to issue the kubelet's serving certificate for its HTTPS endpoint (logs, exec,
    /// attach, port-forward); without it (a kubelet outside the control plane) the endpoint does not start.
    /// </param>
    public static async Task<KubeletHost?> StartAsync(
        ActorSystem system, IKubeClient client, Config config, string dataDir, ILoggerFactory loggerFactory, X509Certificate2? clusterCa, CancellationToken cancellationToken)
    {
        var log = loggerFactory.CreateLogger(typeof(LocalKubelet).FullName!);
        var settings = KubeletSettings.FromConfig(config);
        if (!settings.Enabled)
        {
            LogOff(log);
            return null;
        }

        if (settings.RootDir.Length == 0)
        {
            settings = settings with { RootDir = Path.Combine(dataDir, "kubelet") };
        }

        Directory.CreateDirectory(settings.RootDir);
        var (runtime, network) = await KubeletRuntimeFactory.CreateAsync(settings, config, client, dataDir, cancellationToken).ConfigureAwait(false);
        var dependencies = new KubeletDependencies(client, runtime, settings, KubeletRuntimeFactory.PodWorker)
        {
            PodNetwork = network,
            PodNetworkNote = network.FallbackReason,
        };
        var host = await KubeletHost.StartAsync(system, dependencies, RegisterTimeout).ConfigureAwait(false);
        if (clusterCa is not null)
        {
            var nodeIp = IPAddress.Parse(settings.NodeIps[0]);
            var server = await KubeletServer.StartAsync(
                new KubeletServerOptions
                {
                    Listen = new IPEndPoint(nodeIp, settings.Port),
                    ServingCertificate = CertificateIssuer.IssueServing(clusterCa, "system:node:" + settings.NodeName, [settings.NodeName], [nodeIp]),
                    ClusterCa = clusterCa,
                },
                runtime,
                new ApiPodContainerLocator(client, runtime, settings.NodeName),
                loggerFactory).ConfigureAwait(false);
            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "kubelet-endpoint", async () =>
            {
                await server.DisposeAsync().ConfigureAwait(false);
                return Done.Instance;
            });
        }

        LogStarted(log, settings.NodeName, runtime.Name);
        return host;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "no kubelet on this machine (orchestrator.kubelet.enabled = off)")]
    private static partial void LogOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "kubelet running node {Node} on the {Runtime} runtime")]
    private static partial void LogStarted(ILogger logger, string node, string runtime);
}
