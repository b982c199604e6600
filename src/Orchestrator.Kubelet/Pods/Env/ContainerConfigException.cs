namespace Orchestrator.Kubelet.Pods.Env;

/// <summary>A container's config cannot be made (a ConfigMap or Secret it needs is missing): CreateContainerConfigError.</summary>
public sealed class ContainerConfigException : Exception
{
    public ContainerConfigException()
    {
    }

    public ContainerConfigException(string message)
        : base(message)
    {
    }

    public ContainerConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
