namespace Orchestrator.Api.Watch;

/// <summary>
/// One object as the watch cache holds it: serialized once (with its resourceVersion), plus what
/// selectors need (labels, selectable fields) and whether it is being deleted, so lists, watches and
/// admission never re-parse it.
/// </summary>
public sealed record CachedObject(
    string Namespace,
    string Name,
    string Uid,
    long Revision,
    byte[] Json,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Fields,
    bool Deleting)
{
    /// <summary>The sort key of lists and the continue token: namespace/name, as etcd orders keys.</summary>
    public string Key => Namespace.Length == 0 ? Name : Namespace + "/" + Name;
}
