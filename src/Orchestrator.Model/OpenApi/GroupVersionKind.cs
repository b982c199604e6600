using System.Text.Json.Nodes;

namespace Orchestrator.Model.OpenApi;

/// <summary>A kind with its group and version, as <c>x-kubernetes-group-version-kind</c> writes it.</summary>
internal readonly record struct GroupVersionKind(string Group, string Version, string Kind)
{
    /// <summary>From an apiVersion ("v1", "apps/v1") and a kind.</summary>
    public static GroupVersionKind Of(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new("", apiVersion, kind) : new(apiVersion[..slash], apiVersion[(slash + 1)..], kind);
    }

    /// <summary>{group, kind, version}: exactly these keys, since kubectl explain compares the objects whole.</summary>
    public JsonObject ToJson() => new() { ["group"] = Group, ["kind"] = Kind, ["version"] = Version };
}
