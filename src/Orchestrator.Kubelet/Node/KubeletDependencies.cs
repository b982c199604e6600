using Orchestrator.Client;
using Orchestrator.Kubelet.Network;
using Orchestrator.Kubelet.Pods;
using Orchestrator.Kubelet.Runtime;

namespace Orchestrator.Kubelet.Node;

/// <summary>What a <see cref="KubeletActor"/> works with: the API, the runtime, how pod workers are made, and the machine.</summary>
public sealed record KubeletDependencies(
    IKubeClient Client,
    IContainerRuntime Runtime,
    KubeletSettings Settings,
    PodWorkerProps PodWorker)
{
    /// <summary>The machine the Node describes; read once at start-up by default.</summary>
    public MachineInfo? Machine { get; init; }

    /// <summary>The node's pressures; the machine's by default.</summary>
    public INodeHealthProbe? Health { get; init; }

    /// <summary>The pod network, for the NetworkUnavailable condition (null: reported as the host-network fallback).</summary>
    public IPodNetwork? PodNetwork { get; init; }

    /// <summary>Why pods share the node's network, when <see cref="PodNetwork"/> does not isolate them.</summary>
    public string? PodNetworkNote { get; init; }
}
