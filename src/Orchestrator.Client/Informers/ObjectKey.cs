using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;
using Orchestrator.Client.Events;

namespace Orchestrator.Client.Informers;

/// <summary>
/// The key an object is cached and queued under, as client-go's MetaNamespaceKeyFunc makes it:
/// "namespace/name", or "name" for a cluster-scoped object.
/// </summary>
public static class ObjectKey
{
    /// <summary>The object's key; throws when it has no metadata.name.</summary>
    public static string Of(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var name = KubeObject.Name(obj);
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("the object has no metadata.name", nameof(obj));
        }

        return For(KubeObject.Namespace(obj), name);
    }

    /// <summary>The key of a name in a namespace (none for cluster-scoped objects).</summary>
    public static string For(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";

    /// <summary>A key's namespace (null for a cluster-scoped key) and name (client-go's SplitMetaNamespaceKey).</summary>
    public static (string? Namespace, string Name) Split(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (null, key);
        }

        if (slash == 0 || slash == key.Length - 1 || key.IndexOf('/', slash + 1) >= 0)
        {
            throw new FormatException($"\"{key}\" is not a namespace/name key");
        }

        return (key[..slash], key[(slash + 1)..]);
    }
}
