namespace Orchestrator.Kubelet.Pods.Volumes;

/// <summary>A volume cannot be set up (its ConfigMap or Secret is missing, a hostPath is not what its type says): FailedMount.</summary>
public sealed class VolumeException : Exception
{
    public VolumeException()
    {
    }

    public VolumeException(string message)
        : base(message)
    {
    }

    public VolumeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
