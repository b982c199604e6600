using System.Text.Json.Nodes;
using Orchestrator.Controllers.Cloud.Provider;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Cloud.Local;

/// <summary>
/// The local provider's machines are the cluster's own nodes: each node is its own instance, local://NODE, of
/// type "local". There is no cloud that could lose one behind the cluster's back, so an instance exists and runs
/// as long as its Node does (a node that stops reporting is the node lifecycle controller's business, which
/// taints it and evicts its pods; deleting it is left to the user, as on bare metal). Addresses are the ones the
/// kubelet reported: the local provider knows no better.
/// </summary>
public sealed class LocalInstances : IInstancesV2
{
    public const string InstanceType = "local";

    public Task<bool> InstanceExistsAsync(JsonObject node, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<bool> InstanceShutdownAsync(JsonObject node, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task<InstanceMetadata> InstanceMetadataAsync(JsonObject node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        var providerId = KubeObject.GetString(node, "spec", "providerID") is { Length: > 0 } id ? id : $"{LocalCloudProvider.Name}://{KubeObject.Name(node)}";
        return Task.FromResult(new InstanceMetadata(providerId, InstanceType, NodeAddress.Of(node)));
    }
}
