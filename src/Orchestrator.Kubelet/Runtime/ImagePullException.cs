namespace Orchestrator.Kubelet.Runtime;

/// <summary>The runtime could not pull an image (no registry reachable, unknown name, denied): the pod shows ErrImagePull.</summary>
public sealed class ImagePullException : Exception
{
    public ImagePullException()
        : this("the image could not be pulled")
    {
    }

    public ImagePullException(string message)
        : base(message)
    {
    }

    public ImagePullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
