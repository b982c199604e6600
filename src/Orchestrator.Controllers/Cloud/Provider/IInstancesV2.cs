using System.Text.Json.Nodes;

namespace Orchestrator.Controllers.Cloud.Provider;

/// <summary>Machines behind nodes (cloud-provider's InstancesV2): asked by the Node object, which may or may not carry a providerID yet.</summary>
public interface IInstancesV2
{
    /// <summary>Whether the node's machine still exists; false makes the cloud node lifecycle controller delete the Node.</summary>
    Task<bool> InstanceExistsAsync(JsonObject node, CancellationToken cancellationToken);

    /// <summary>Whether the node's machine exists but is shut down; true taints the Node node.cloudprovider.kubernetes.io/shutdown.</summary>
    Task<bool> InstanceShutdownAsync(JsonObject node, CancellationToken cancellationToken);

    /// <summary>The machine's providerID, type, addresses and topology, for the cloud node controller to write on the Node.</summary>
    Task<InstanceMetadata> InstanceMetadataAsync(JsonObject node, CancellationToken cancellationToken);
}
