namespace Orchestrator.Kubelet.Runtime.Docker;

/// <summary>The Docker runtime's own labels beside <see cref="RuntimeLabels"/> (dockershim's names where it had one).</summary>
internal static class DockerLabels
{
    /// <summary>"podsandbox" or "container": which of the two a labelled container is.</summary>
    public const string Type = "io.kubernetes.docker.type";
    public const string TypeSandbox = "podsandbox";
    public const string TypeContainer = "container";

    /// <summary>On an app container: the sandbox whose namespaces it joined.</summary>
    public const string SandboxId = "io.kubernetes.sandbox.id";

    /// <summary>On a sandbox: the pod directory holding its network state and resolv.conf.</summary>
    public const string PodDirectory = "orchestrator.io/pod-directory";

    /// <summary>On a sandbox: "true" when it uses the node's network namespace (no pod network to set up).</summary>
    public const string HostNetwork = "orchestrator.io/host-network";
}
