using Orchestrator.Hocon;
using Orchestrator.Kubelet.Pods;
using Orchestrator.Kubelet.Runtime;

namespace Orchestrator.Kubelet.Node;

/// <summary>
/// Chooses the node's container runtime by <c>orchestrator.kubelet.runtime</c>: <c>docker</c> (the engine at
/// docker.endpoint must answer), <c>process</c>, or <c>auto</c> (Docker when its engine answers, else processes),
/// and names the pod worker the kubelet runs per pod.
/// INTEGRATOR: the three marked members are where DockerRuntime, ProcessRuntime and PodActor plug in once they
/// are on the same branch; until then they answer null and `orchestrator up` runs without a kubelet.
/// </summary>
public static class KubeletRuntimeFactory
{
    /// <summary>The runtime the settings ask for, or null when this build has none that fits.</summary>
    /// <exception cref="ConfigException">runtime = docker and no engine answers.</exception>
    public static async Task<IContainerRuntime?> CreateAsync(KubeletSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Runtime switch
        {
            "docker" => await DockerAsync(settings, cancellationToken).ConfigureAwait(false)
                ?? throw new ConfigException("orchestrator.kubelet.runtime = docker, but no Docker engine answers at orchestrator.kubelet.docker.endpoint"),
            "process" => Process(settings),
            _ => await DockerAsync(settings, cancellationToken).ConfigureAwait(false) ?? Process(settings),
        };
    }

    /// <summary>The pod worker of the real kubelet, or null when this build has none.</summary>
    // INTEGRATOR: context => PodActor.Props(context)
    public static PodWorkerProps? PodWorker => null;

    // INTEGRATOR: a DockerRuntime on settings.Section's docker.endpoint when its engine answers VersionAsync
    // (within a second or two), else null.
    private static Task<IContainerRuntime?> DockerAsync(KubeletSettings settings, CancellationToken cancellationToken) =>
        Task.FromResult<IContainerRuntime?>(null);

    // INTEGRATOR: new ProcessRuntime(...) under settings.RootDir.
    private static IContainerRuntime? Process(KubeletSettings settings) => null;
}
