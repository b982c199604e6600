using System.Text.Json.Nodes;

namespace Orchestrator.Controllers.Cloud.Provider;

/// <summary>A core/v1 NodeAddress: type (InternalIP, ExternalIP, Hostname, InternalDNS, ExternalDNS) and address.</summary>
public sealed record NodeAddress(string Type, string Address)
{
    public const string InternalIp = "InternalIP";
    public const string ExternalIp = "ExternalIP";
    public const string Hostname = "Hostname";

    public JsonObject ToJson() => new() { ["type"] = Type, ["address"] = Address };

    /// <summary>A node's status.addresses.</summary>
    public static IReadOnlyList<NodeAddress> Of(JsonObject node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return (Model.Objects.KubeObject.Get(node, "status", "addresses") as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(a => new NodeAddress(Model.Objects.KubeObject.GetString(a, "type") ?? "", Model.Objects.KubeObject.GetString(a, "address") ?? ""))
            .Where(a => a.Type.Length > 0 && a.Address.Length > 0)
            .ToList();
    }
}
