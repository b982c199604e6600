using Orchestrator.Model.OpenApi;
using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;

namespace Orchestrator.Api.Http;

/// <summary>
/// The discovery documents clients read to learn what the server serves: /api, /api/v1, /apis,
/// /apis/{group} and /apis/{group}/{version} (the classic documents that kubectl falls back to),
/// and /version.
/// </summary>
public sealed class DiscoveryDocuments
{
    public const string GitVersion = "v1.32.0";

    private readonly ResourceRegistry _registry;
    private readonly string _serverAddress;

    public DiscoveryDocuments(ResourceRegistry registry, string serverAddress)
    {
        _registry = registry;
        _serverAddress = serverAddress;
    }

    public JsonObject CoreVersions() => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = _serverAddress }),
    };

    public JsonObject Groups()
    {
        var groups = new JsonArray();
        foreach (var name in GroupVersions().Select(gv => gv.Group).Where(g => g.Length > 0).Distinct())
        {
            groups.Add(Group(name));
        }

        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    public JsonObject? Group(string name)
    {
        var versions = GroupVersions().Where(gv => gv.Group == name).Select(gv => gv.Version).Distinct().ToList();
        if (versions.Count == 0)
        {
            return null;
        }

        var versionArray = new JsonArray();
        foreach (var version in versions)
        {
            versionArray.Add(new JsonObject { ["groupVersion"] = $"{name}/{version}", ["version"] = version });
        }

        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = name,
            ["versions"] = versionArray,
            ["preferredVersion"] = new JsonObject { ["groupVersion"] = $"{name}/{versions[0]}", ["version"] = versions[0] },
        };
    }

    public JsonObject? Resources(string group, string version)
    {
        var types = _registry.Types.Where(t => t.Group == group && t.Version == version).ToList();
        var reviews = AccessReviews.Resources.Where(r => r.Group == group && r.Version == version).ToList();
        if (types.Count == 0 && reviews.Count == 0)
        {
            return null;
        }

        var resources = new JsonArray();
        foreach (var review in reviews)
        {
            resources.Add(new JsonObject
            {
                ["name"] = review.Plural,
                ["singularName"] = review.Kind.ToLowerInvariant(),
                ["namespaced"] = false,
                ["kind"] = review.Kind,
                ["verbs"] = Strings(["create"]),
            });
        }

        foreach (var type in types)
        {
            var entry = new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = Strings(type.Verbs),
            };
            if (type.ShortNames.Count > 0)
            {
                entry["shortNames"] = Strings(type.ShortNames);
            }

            if (type.Categories.Count > 0)
            {
                entry["categories"] = Strings(type.Categories);
            }

            resources.Add(entry);
            foreach (var (flag, name, kind, subresourceGroup, subresourceVersion, verbs) in SubresourceEntries)
            {
                if (type.Subresources.HasFlag(flag))
                {
                    resources.Add(Subresource(type, name, kind ?? type.Kind, subresourceGroup ?? group, subresourceVersion ?? version, verbs));
                }
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    /// <summary>How discovery lists each subresource: its name, and the kind it takes (null: the object's own).</summary>
    private static readonly (ServedSubresources Flag, string Name, string? Kind, string? Group, string? Version, string[] Verbs)[] SubresourceEntries =
    [
        (ServedSubresources.Status, "status", null, null, null, ["get", "patch", "update"]),
        (ServedSubresources.Scale, "scale", "Scale", "autoscaling", "v1", ["get", "patch", "update"]),
        (ServedSubresources.Binding, "binding", "Binding", "", "v1", ["create"]),
        (ServedSubresources.Eviction, "eviction", "Eviction", "policy", "v1", ["create"]),
        (ServedSubresources.Finalize, "finalize", null, null, null, ["update"]),
        (ServedSubresources.Token, "token", "TokenRequest", "authentication.k8s.io", "v1", ["create"]),
    ];

    private IEnumerable<(string Group, string Version)> GroupVersions() =>
        _registry.GroupVersions.Concat(AccessReviews.Resources.Select(r => (r.Group, r.Version)));

    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = GitVersion,
        ["gitCommit"] = "orchestrator",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-11-01T00:00:00Z",
        ["goVersion"] = $"dotnet{Environment.Version}",
        ["compiler"] = "dotnet",
        ["platform"] = "linux/amd64",
    };

    private static JsonObject Subresource(ResourceType type, string name, string kind, string group, string version, string[] verbs)
    {
        var entry = new JsonObject
        {
            ["name"] = $"{type.Plural}/{name}",
            ["singularName"] = "",
            ["namespaced"] = type.Namespaced,
            ["kind"] = kind,
            ["verbs"] = Strings(verbs),
        };
        if (group.Length > 0)
        {
            entry["group"] = group;
            entry["version"] = version;
        }

        return entry;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
}
