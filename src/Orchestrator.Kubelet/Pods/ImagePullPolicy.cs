using System.Text.Json.Nodes;

namespace Orchestrator.Kubelet.Pods;

/// <summary>
/// When a container's image is pulled: imagePullPolicy as written, else Kubernetes' default — Always for an image
/// tagged :latest or not tagged at all, IfNotPresent otherwise (a digest counts as a tag).
/// </summary>
public static class ImagePullPolicy
{
    public const string Always = "Always";
    public const string IfNotPresent = "IfNotPresent";
    public const string Never = "Never";

    public static string Of(JsonObject container)
    {
        ArgumentNullException.ThrowIfNull(container);
        return PodSpecs.Str(container, "imagePullPolicy") is { Length: > 0 } policy ? policy : Default(PodSpecs.Str(container, "image") ?? "");
    }

    public static string Default(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return IfNotPresent;
        }

        var lastSegment = image[(image.LastIndexOf('/') + 1)..];
        var colon = lastSegment.LastIndexOf(':');
        return colon < 0 || lastSegment[(colon + 1)..] == "latest" ? Always : IfNotPresent;
    }
}
