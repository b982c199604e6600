using Akka.Actor;
using Microsoft.Extensions.Logging;
using Orchestrator.Client;
using Orchestrator.Hocon;
using Orchestrator.Kubelet.Node;

namespace Orchestrator.Cluster;

/// <summary>
/// The kubelet of this machine, as <c>orchestrator up</c> and <c>orchestrator kubelet</c> run it: settings from
/// <c>orchestrator.kubelet</c> (root dir under the data directory unless set), the runtime chosen by
/// <see cref="KubeletRuntimeFactory"/>, and a <see cref="KubeletHost"/> in the given actor system.
/// </summary>
internal static partial class LocalKubelet
{
    private static readonly TimeSpan RegisterTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Starts the kubelet, or returns null when it is turned off or this build has no runtime for it.</summary>
    /// <exception cref="KubeletRefusedException">The node name belongs to another machine.</exception>
    /// <exception cref="ConfigException">A kubelet setting is wrong (or runtime = docker without an engine).</exception>
    public static async Task<KubeletHost?> StartAsync(ActorSystem system, IKubeClient client, Config config, string dataDir, ILogger log, CancellationToken cancellationToken)
    {
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
        var runtime = await KubeletRuntimeFactory.CreateAsync(settings, cancellationToken).ConfigureAwait(false);
        var worker = KubeletRuntimeFactory.PodWorker;
        if (runtime is null || worker is null)
        {
            LogNoRuntime(log, settings.Runtime);
            return null;
        }

        var host = await KubeletHost.StartAsync(system, new KubeletDependencies(client, runtime, settings, worker), RegisterTimeout).ConfigureAwait(false);
        LogStarted(log, settings.NodeName, runtime.Name);
        return host;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "no kubelet on this machine (orchestrator.kubelet.enabled = off)")]
    private static partial void LogOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "no kubelet on this machine: this build has no container runtime or pod worker for runtime = {Runtime}")]
    private static partial void LogNoRuntime(ILogger logger, string runtime);

    [LoggerMessage(Level = LogLevel.Information, Message = "kubelet running node {Node} on the {Runtime} runtime")]
    private static partial void LogStarted(ILogger logger, string node, string runtime);
}
