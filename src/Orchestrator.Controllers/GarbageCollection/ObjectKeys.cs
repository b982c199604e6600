using Orchestrator.Client;

namespace Orchestrator.Controllers.GarbageCollection;

/// <summary>
/// The garbage collector's work-queue keys, which name an object of any resource: "plural.group|namespace|name"
/// ('|' appears in no resource, namespace or name).
/// </summary>
public static class ObjectKeys
{
    public static string For(ResourceRef resource, string? ns, string name)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return $"{ResourceName(resource)}|{ns}|{name}";
    }

    /// <summary>The resource's name in keys: "pods", "deployments.apps".</summary>
    public static string ResourceName(ResourceRef resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource.Group.Length == 0 ? resource.Plural : $"{resource.Plural}.{resource.Group}";
    }

    public static (string Resource, string? Namespace, string Name) Split(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var parts = key.Split('|');
        if (parts.Length != 3)
        {
            throw new FormatException($"\"{key}\" is not a garbage collector key");
        }

        return (parts[0], parts[1].Length == 0 ? null : parts[1], parts[2]);
    }
}
