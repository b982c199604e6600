namespace Orchestrator.Kubelet.Runtime;

/// <summary>
/// The labels the kubelet puts on every sandbox and container it creates (the names dockershim and CRI
/// runtimes use), so that it only ever touches its own and a restarted kubelet can adopt them.
/// </summary>
public static class RuntimeLabels
{
    public const string PodUid = "io.kubernetes.pod.uid";
    public const string PodName = "io.kubernetes.pod.name";
    public const string PodNamespace = "io.kubernetes.pod.namespace";
    public const string ContainerName = "io.kubernetes.container.name";
    public const string RestartCount = "io.kubernetes.container.restartCount";

    /// <summary>Names the node whose kubelet created it: two kubelets on one machine never touch each other's.</summary>
    public const string NodeName = "orchestrator.io/node";

    /// <summary>The sandbox's <see cref="ContainerName"/> value (Kubernetes' "POD").</summary>
    public const string SandboxContainerName = "POD";
}
