using System.Text.Json.Nodes;

namespace Orchestrator.Controllers.Cloud.Provider;

/// <summary>A core/v1 LoadBalancerStatus: the addresses traffic for the service arrives on.</summary>
public sealed record LoadBalancerStatus(IReadOnlyList<LoadBalancerIngress> Ingress)
{
    /// <summary>status.loadBalancer as JSON.</summary>
    public JsonObject ToJson() =>
        Ingress.Count == 0 ? [] : new JsonObject { ["ingress"] = new JsonArray([.. Ingress.Select(i => (JsonNode)i.ToJson())]) };

    /// <summary>A service's status.loadBalancer.</summary>
    public static LoadBalancerStatus Of(JsonObject service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var ingress = (Model.Objects.KubeObject.Get(service, "status", "loadBalancer", "ingress") as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(i => new LoadBalancerIngress(Model.Objects.KubeObject.GetString(i, "ip"), Model.Objects.KubeObject.GetString(i, "hostname")))
            .ToList();
        return new LoadBalancerStatus(ingress);
    }

    public bool Equals(LoadBalancerStatus? other) => other is not null && Ingress.SequenceEqual(other.Ingress);

    public override int GetHashCode() => Ingress.Count;
}

/// <summary>One address of a load balancer: an IP, a hostname, or both.</summary>
public sealed record LoadBalancerIngress(string? Ip, string? Hostname = null)
{
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (!string.IsNullOrEmpty(Ip))
        {
            json["ip"] = Ip;
        }

        if (!string.IsNullOrEmpty(Hostname))
        {
            json["hostname"] = Hostname;
        }

        return json;
    }
}
