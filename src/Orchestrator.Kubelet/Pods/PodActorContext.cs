using System.Text.Json.Nodes;
using Orchestrator.Client;
using Orchestrator.Kubelet.Node;
using Orchestrator.Kubelet.Runtime;

namespace Orchestrator.Kubelet.Pods;

/// <summary>
/// What the KubeletActor hands the PodActor it creates for one pod uid: the pod as last seen in the API, the
/// runtime, the API client, the node and the kubelet's settings. <paramref name="AdoptedSandboxes"/> are the
/// sandboxes (with their containers) a previous kubelet left in the runtime for this pod uid: the PodActor
/// takes them over instead of creating new ones (empty for a pod first seen by this kubelet).
/// </summary>
public sealed record PodActorContext(
    JsonObject Pod,
    IContainerRuntime Runtime,
    IKubeClient Client,
    KubeletNodeInfo Node,
    KubeletSettings Settings)
{
    /// <summary>Sandboxes of this pod uid found in the runtime when the kubelet started, with their containers.</summary>
    public IReadOnlyList<AdoptedSandbox> AdoptedSandboxes { get; init; } = [];
}

/// <summary>A sandbox found in the runtime at start-up whose pod still exists, and its containers.</summary>
public sealed record AdoptedSandbox(PodSandboxStatus Sandbox, IReadOnlyList<ContainerStatus> Containers);
