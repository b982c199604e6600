namespace Orchestrator.Kubelet.Runtime;

/// <summary>
/// What a pod's sandbox is made from (CRI's PodSandboxConfig): the pod's identity, its network choice, and
/// the labels the runtime keeps on the sandbox so a restarted kubelet can find it.
/// </summary>
public sealed record PodSandboxConfig
{
    public required string PodUid { get; init; }

    public required string PodName { get; init; }

    public required string PodNamespace { get; init; }

    /// <summary>The pod's hostname (spec.hostname, else the pod name).</summary>
    public required string Hostname { get; init; }

    /// <summary>spec.hostNetwork: the pod shares the node's network namespace and address.</summary>
    public bool HostNetwork { get; init; }

    /// <summary>Container ports with a hostPort, for the CNI portmap plugin.</summary>
    public IReadOnlyList<PortMapping> PortMappings { get; init; } = [];

    /// <summary>The resolv.conf the pod's containers get (dnsPolicy and dnsConfig already applied), or null for the runtime's default.</summary>
    public DnsConfig? Dns { get; init; }

    /// <summary>Kept on the sandbox; always includes <see cref="RuntimeLabels"/>' pod labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>A directory on the node for the pod's files (volumes, resolv.conf, logs).</summary>
    public required string PodDirectory { get; init; }
}

/// <summary>A hostPort mapping for the CNI portmap plugin.</summary>
public sealed record PortMapping(int ContainerPort, int HostPort, string Protocol, string? HostIp);

/// <summary>The resolver configuration a pod's containers see.</summary>
public sealed record DnsConfig(IReadOnlyList<string> Nameservers, IReadOnlyList<string> Searches, IReadOnlyList<string> Options);
