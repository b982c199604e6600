using Orchestrator.Client;
using Orchestrator.Hocon;
using Orchestrator.Kubelet.Hollow;
using Orchestrator.Kubelet.Network;
using Orchestrator.Kubelet.Pods;
using Orchestrator.Kubelet.Runtime;
using Orchestrator.Kubelet.Runtime.Docker;
using Orchestrator.Kubelet.Runtime.Process;

namespace Orchestrator.Kubelet.Node;

/// <summary>
/// Makes the node's pod network and container runtime from <c>orchestrator.kubelet</c>: the runtime is
/// <c>docker</c> (the engine at docker.endpoint must answer), <c>process</c>, or <c>auto</c> (Docker when its engine
/// answers, else processes: the embedded default works on any machine); both attach pods through the same pod
/// network (real CNI plugins as root, else the host-network fallback).
/// </summary>
public static class KubeletRuntimeFactory
{
    private static readonly TimeSpan EngineProbeTimeout = TimeSpan.FromSeconds(2);

    // The first pod may come moments after registration, before the node IPAM controller's podCIDR.
    private static readonly TimeSpan PodCidrWait = TimeSpan.FromSeconds(30);

    /// <summary>The pod worker of the real kubelet: a PodActor per pod.</summary>
    public static PodWorkerProps PodWorker { get; } = context => PodActor.Props(context);

    /// <summary>The pod network and the runtime the settings ask for.</summary>
    /// <param name="config">The whole configuration (orchestrator.kubelet and its cni and process sections).</param>
    /// <exception cref="ConfigException">runtime = docker and no engine answers, or an unknown runtime.</exception>
    public static async Task<(IContainerRuntime Runtime, NodePodNetwork Network)> CreateAsync(
        KubeletSettings settings, Config config, IKubeClient client, string dataDir, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(client);
        var network = new NodePodNetwork(
            CniSettings.FromConfig(config, dataDir), ct => PodCidrAsync(client, settings.NodeName, ct), PodCidrWait, Environment.IsPrivilegedProcess);
        var endpoint = Environment.GetEnvironmentVariable("ORCHESTRATOR_DOCKER_HOST") is { Length: > 0 } host
            ? host
            : settings.Section.GetString("docker.endpoint", DockerRuntimeOptions.DefaultEndpoint);
        IContainerRuntime runtime = settings.Runtime switch
        {
            "docker" => await DockerAsync(settings, endpoint, network, cancellationToken).ConfigureAwait(false)
                ?? throw new ConfigException($"orchestrator.kubelet.runtime = docker, but no Docker engine answers at {endpoint} (scripts/setup.sh starts one)"),
            "process" => Process(settings, config, network),
            "auto" => await DockerAsync(settings, endpoint, network, cancellationToken).ConfigureAwait(false) ?? Process(settings, config, network),
            _ => throw new ConfigException($"orchestrator.kubelet.runtime = {settings.Runtime}: expected auto, docker or process"),
        };
        return (runtime, network);
    }

    private static async Task<IContainerRuntime?> DockerAsync(KubeletSettings settings, string endpoint, IPodNetwork network, CancellationToken cancellationToken) =>
        await DockerRuntime.AnswersAsync(endpoint, EngineProbeTimeout, cancellationToken).ConfigureAwait(false)
            ? new DockerRuntime(
                new DockerRuntimeOptions
                {
                    Endpoint = endpoint,
                    NodeName = settings.NodeName,
                    PodInfraImage = settings.Section.GetString("pod-infra-image", "busybox:local"),
                    NodeAddress = settings.NodeIps[0],
                },
                network)
            : null;

    private static ProcessRuntime Process(KubeletSettings settings, Config config, IPodNetwork network) =>
        new(ProcessRuntimeSettings.FromConfig(config, settings.RootDir, settings.NodeIps[0]), network);

    private static async Task<Ipv4Cidr?> PodCidrAsync(IKubeClient client, string nodeName, CancellationToken cancellationToken)
    {
        try
        {
            var node = await client.GetAsync(ResourceRef.Nodes, null, nodeName, cancellationToken).ConfigureAwait(false);
            return Ipv4Cidr.TryParse(node["spec"]?["podCIDR"]?.GetValue<string>(), out var cidr) ? cidr : null;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }
}
