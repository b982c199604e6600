namespace Orchestrator.Api.Kinds;

/// <summary>
/// The pull policy Kubernetes gives a container that names none: Always for the "latest" tag (which an
/// image without tag or digest implicitly has), IfNotPresent otherwise, including for references it
/// cannot parse.
/// </summary>
internal static class ImagePullPolicy
{
    public const string Always = "Always";
    public const string IfNotPresent = "IfNotPresent";
    public const string Never = "Never";

    public static string DefaultFor(string image)
    {
        if (image.Length == 0 || image.Any(char.IsWhiteSpace))
        {
            return IfNotPresent;
        }

        var name = image;
        var at = name.IndexOf('@', StringComparison.Ordinal);
        var hasDigest = at >= 0;
        if (hasDigest)
        {
            name = name[..at];
        }

        // A colon after the last slash starts the tag; one before it belongs to a registry's port.
        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        var tag = colon > slash ? name[(colon + 1)..] : "";
        var repository = colon > slash ? name[..colon] : name;
        if (!IsValidRepository(repository))
        {
            return IfNotPresent;
        }

        if (tag.Length == 0 && !hasDigest)
        {
            tag = "latest";
        }

        return tag == "latest" ? Always : IfNotPresent;
    }

    // Docker references keep the path lower case; only a leading registry host may hold upper case.
    private static bool IsValidRepository(string repository)
    {
        if (repository.Length == 0)
        {
            return false;
        }

        var components = repository.Split('/');
        var first = components[0];
        var hasRegistry = components.Length > 1
            && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal)
                || first == "localhost" || first.Any(char.IsUpper));
        return components.Skip(hasRegistry ? 1 : 0).All(component => component.Length > 0 && !component.Any(char.IsUpper));
    }
}
