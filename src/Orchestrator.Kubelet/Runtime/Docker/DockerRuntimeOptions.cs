namespace Orchestrator.Kubelet.Runtime.Docker;

/// <summary>How <see cref="DockerRuntime"/> reaches its engine and what it puts on the node's containers.</summary>
public sealed record DockerRuntimeOptions
{
    /// <summary>The private engine scripts/setup.sh starts (orchestrator.kubelet.docker.endpoint).</summary>
    public const string DefaultEndpoint = "unix:///var/run/orchestrator-docker/docker.sock";

    /// <summary>The engine's socket, <c>unix:///…</c> (or tcp://).</summary>
    public string Endpoint { get; init; } = DefaultEndpoint;

    /// <summary>The node whose kubelet owns the containers: the <see cref="RuntimeLabels.NodeName"/> label on each.</summary>
    public required string NodeName { get; init; }

    /// <summary>The sandbox image (orchestrator.kubelet.pod-infra-image); busybox:local is imported by setup.sh.</summary>
    public string PodInfraImage { get; init; } = "busybox:local";

    /// <summary>
    /// What the sandbox runs: it only holds the pod's namespaces. The engine's init (docker-init, tini) is PID 1,
    /// so SIGTERM ends it at once (busybox sleep as PID 1 would ignore it). Empty: the image's own command
    /// (a pause image).
    /// </summary>
    public IReadOnlyList<string> PodInfraCommand { get; init; } = ["sleep", "2147483647"];

    /// <summary>The node's address, reported as the pod IP of host-network sandboxes.</summary>
    public string? NodeAddress { get; init; }

    /// <summary>A pull that reports no progress for this long is cancelled (dockershim's image-pull-progress-deadline, 1 m).</summary>
    public TimeSpan ImagePullProgressDeadline { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>ExecSync keeps at most this many bytes of each stream (the CRI's 16 MiB message cap).</summary>
    public int ExecSyncOutputLimitBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Requests other than streams (logs, events, exec, wait) give up after this long.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
