namespace Orchestrator.Kubelet.Runtime.Docker;

/// <summary>
/// An image reference as the pull API wants it: the repository and the tag apart. Without a tag the engine
/// would pull every tag of the repository, so a bare name means ":latest", as for docker pull and the kubelet.
/// </summary>
internal static class ImageReference
{
    public static (string Repository, string? Tag) Split(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return (image, null);
        }

        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        return colon > slash ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }
}
