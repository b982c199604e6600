namespace Orchestrator.Kubelet.Runtime;

/// <summary>
/// What the kubelet asks of a container runtime, shaped after the Kubernetes CRI (RuntimeService and
/// ImageService): a pod is a sandbox (its network namespace, set up through the pod network) plus containers
/// that join it. Implementations: <c>DockerRuntime</c> (Docker Engine through Docker.DotNet) and
/// <c>ProcessRuntime</c> (supervised child processes). Every method is safe to call concurrently; ids are the
/// runtime's own. The runtime keeps the labels it is given, so that a restarted kubelet finds its pods
/// (<see cref="RuntimeLabels"/>).
/// </summary>
public interface IContainerRuntime
{
    /// <summary>The scheme of containerIDs and of the node's containerRuntimeVersion (<c>docker</c>, <c>process</c>).</summary>
    string Name { get; }

    /// <summary>The runtime's version, for status.nodeInfo.containerRuntimeVersion (<c>docker://28.2.2</c>).</summary>
    Task<string> VersionAsync(CancellationToken cancellationToken);

    /// <summary>Creates and starts the pod's sandbox and sets up its network; returns the sandbox id.</summary>
    Task<string> RunPodSandboxAsync(PodSandboxConfig config, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="RunPodSandboxAsync(PodSandboxConfig, CancellationToken)"/>, calling <paramref name="created"/> (on
    /// any thread) with the sandbox's id as soon as containers may be created in it, before it is ready: a runtime
    /// that can, lets the kubelet create the pod's containers while the sandbox starts and its network is set up.
    /// They are started only once this returns; if it fails, the sandbox goes with whatever was created in it.
    /// A runtime that cannot never calls it.
    /// </summary>
    Task<string> RunPodSandboxAsync(PodSandboxConfig config, Action<string> created, CancellationToken cancellationToken) =>
        RunPodSandboxAsync(config, cancellationToken);

    /// <summary>Stops every container of the sandbox and tears its network down. Idempotent.</summary>
    Task StopPodSandboxAsync(string sandboxId, CancellationToken cancellationToken);

    /// <summary>Removes the sandbox and whatever is left of its containers. Idempotent; an unknown id is not an error.</summary>
    Task RemovePodSandboxAsync(string sandboxId, CancellationToken cancellationToken);

    /// <summary>The sandbox's state and pod IP, or null when the runtime has no such sandbox.</summary>
    Task<PodSandboxStatus?> PodSandboxStatusAsync(string sandboxId, CancellationToken cancellationToken);

    /// <summary>Every sandbox this runtime holds that carries the kubelet's labels.</summary>
    Task<IReadOnlyList<PodSandboxStatus>> ListPodSandboxesAsync(CancellationToken cancellationToken);

    /// <summary>The sandboxes of one pod (the CRI's ListPodSandbox filtered on the pod-uid label).</summary>
    async Task<IReadOnlyList<PodSandboxStatus>> ListPodSandboxesAsync(string podUid, CancellationToken cancellationToken) =>
        [.. (await ListPodSandboxesAsync(cancellationToken).ConfigureAwait(false)).Where(s => s.PodUid == podUid)];

    /// <summary>Creates (does not start) a container in the sandbox; returns its id.</summary>
    Task<string> CreateContainerAsync(string sandboxId, ContainerConfig config, PodSandboxConfig sandbox, CancellationToken cancellationToken);

    Task StartContainerAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>SIGTERM (or the image's stop signal), then SIGKILL after <paramref name="timeout"/>. Idempotent.</summary>
    Task StopContainerAsync(string containerId, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Removes a stopped container and its logs. Idempotent.</summary>
    Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>Containers carrying the kubelet's labels, optionally only those of one sandbox.</summary>
    Task<IReadOnlyList<ContainerStatus>> ListContainersAsync(string? sandboxId, CancellationToken cancellationToken);

    /// <summary>The container's state, or null when the runtime has no such container.</summary>
    Task<ContainerStatus?> ContainerStatusAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>Runs a command in the container to completion (exec probes, hooks); output is capped.</summary>
    Task<ExecSyncResult> ExecSyncAsync(string containerId, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Starts an interactive command in the container (kubectl exec); the caller pumps its streams.</summary>
    Task<IExecSession> ExecAsync(string containerId, ExecRequest request, CancellationToken cancellationToken);

    /// <summary>The container's log lines, oldest first; with <see cref="LogOptions.Follow"/>, until the container ends or the token fires.</summary>
    IAsyncEnumerable<LogLine> ReadLogsAsync(string containerId, LogOptions options, CancellationToken cancellationToken);

    /// <summary>The image as present on the node, or null when it is not.</summary>
    Task<ImageInfo?> ImageStatusAsync(string image, CancellationToken cancellationToken);

    /// <summary>Pulls the image; throws <see cref="ImagePullException"/> when it cannot (no registry, unknown image).</summary>
    Task<ImageInfo> PullImageAsync(string image, CancellationToken cancellationToken);

    /// <summary>Container starts and exits as they happen, so that the kubelet notices an exit at once instead of polling.</summary>
    IAsyncEnumerable<ContainerEvent> WatchEventsAsync(CancellationToken cancellationToken);
}
