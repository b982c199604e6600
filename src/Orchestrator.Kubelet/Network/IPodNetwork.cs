namespace Orchestrator.Kubelet.Network;

/// <summary>
/// Sets up and tears down a pod's network in its network namespace, as containerd does through CNI:
/// <c>CniPodNetwork</c> runs real CNI plugins; <c>HostPodNetwork</c> is the fallback without root or
/// plugins (host networking with a per-pod loopback address). Runtimes call it from RunPodSandbox and
/// StopPodSandbox.
/// </summary>
public interface IPodNetwork
{
    /// <summary>False for the host-network fallback: the node reports it in its NetworkUnavailable condition.</summary>
    bool IsolatesPods { get; }

    /// <summary>CNI ADD on the namespace; returns the pod's address.</summary>
    Task<PodNetworkResult> SetUpAsync(PodNetworkAttachment attachment, CancellationToken cancellationToken);

    /// <summary>CNI DEL: frees the address and the interface. Idempotent.</summary>
    Task TearDownAsync(PodNetworkAttachment attachment, CancellationToken cancellationToken);

    /// <summary>CNI CHECK: throws when the attachment is not as it was set up.</summary>
    Task CheckAsync(PodNetworkAttachment attachment, CancellationToken cancellationToken);
}

/// <summary>Which namespace to attach (CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME) and the pod's identity for CNI_ARGS.</summary>
public sealed record PodNetworkAttachment(
    string ContainerId,
    string NetnsPath,
    string PodNamespace,
    string PodName,
    string PodUid,
    IReadOnlyList<Runtime.PortMapping> PortMappings,
    string InterfaceName = "eth0");

/// <summary>The pod's address (from the CNI result's ips[0]) and its gateway.</summary>
public sealed record PodNetworkResult(string Ip, string? Gateway);
