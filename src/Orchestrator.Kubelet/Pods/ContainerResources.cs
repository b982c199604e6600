using System.Text.Json.Nodes;
using Orchestrator.Model.Resources;

namespace Orchestrator.Kubelet.Pods;

/// <summary>A container's resources as the runtime takes them: limits.cpu and requests.cpu in millicores, limits.memory in bytes.</summary>
public sealed record ContainerResources(long? CpuLimitMillis, long? CpuRequestMillis, long? MemoryLimitBytes)
{
    public static ContainerResources Of(JsonObject container)
    {
        ArgumentNullException.ThrowIfNull(container);
        var resources = container["resources"] as JsonObject;
        return new ContainerResources(
            Read(resources?["limits"]?["cpu"])?.MilliValue(),
            Read(resources?["requests"]?["cpu"])?.MilliValue(),
            Read(resources?["limits"]?["memory"])?.Value());
    }

    private static Quantity? Read(JsonNode? node) => node is null ? null : Quantity.FromJsonNode(node);
}
