namespace Orchestrator.Api.Http;

/// <summary>
/// What a request under /api or /apis addresses, parsed from its path as Kubernetes' RequestInfoFactory
/// does: <c>/api/v1/namespaces/{ns}/{resource}/{name}/{subresource}</c> and the group form under /apis.
/// A path that names no resource (discovery) has a null <see cref="Resource"/>.
/// </summary>
public sealed record RequestInfo(string Group, string? Version, string? Namespace, string? Resource, string? Name, string? Subresource)
{
    // Subresources of a namespace itself: /api/v1/namespaces/{name}/status is not a resource "status" in namespace {name}.
    private static readonly HashSet<string> NamespaceSubresources = new(StringComparer.Ordinal) { "status", "finalize" };

    /// <summary>Parses the path; null when it is not an API path at all.</summary>
    public static RequestInfo? Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return null;
        }

        string group;
        int next;
        if (parts[0] == "api")
        {
            group = "";
            next = 1;
        }
        else if (parts[0] == "apis")
        {
            if (parts.Length == 1)
            {
                return new RequestInfo("", null, null, null, null, null);
            }

            group = parts[1];
            next = 2;
        }
        else
        {
            return null;
        }

        if (parts.Length <= next)
        {
            return new RequestInfo(group, null, null, null, null, null);
        }

        var version = parts[next++];
        var rest = parts[next..];
        string? ns = null;
        if (rest.Length >= 2 && rest[0] == "namespaces" && !(rest.Length == 3 && NamespaceSubresources.Contains(rest[2])))
        {
            ns = rest[1];
            rest = rest.Length == 2 ? ["namespaces", rest[1]] : rest[2..];
            if (rest is ["namespaces", _])
            {
                // /api/v1/namespaces/{name}: the namespace object itself.
                ns = null;
            }
        }

        return rest.Length switch
        {
            0 => new RequestInfo(group, version, ns, null, null, null),
            1 => new RequestInfo(group, version, ns, rest[0], null, null),
            2 => new RequestInfo(group, version, ns, rest[0], rest[1], null),
            3 => new RequestInfo(group, version, ns, rest[0], rest[1], rest[2]),
            _ => new RequestInfo(group, version, ns, rest[0], rest[1], string.Join('/', rest[2..])),
        };
    }
}
