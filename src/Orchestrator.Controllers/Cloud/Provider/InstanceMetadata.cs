namespace Orchestrator.Controllers.Cloud.Provider;

/// <summary>
/// What a provider knows of a node's machine (cloud-provider's InstanceMetadata). Empty strings and lists mean
/// "nothing to say": the cloud node controller leaves the Node's own value alone.
/// </summary>
/// <param name="ProviderId">spec.providerID, as PROVIDER://ID.</param>
/// <param name="InstanceType">The node.kubernetes.io/instance-type label.</param>
/// <param name="NodeAddresses">status.addresses.</param>
/// <param name="Zone">The topology.kubernetes.io/zone label.</param>
/// <param name="Region">The topology.kubernetes.io/region label.</param>
public sealed record InstanceMetadata(string ProviderId, string InstanceType, IReadOnlyList<NodeAddress> NodeAddresses, string Zone = "", string Region = "")
{
    /// <summary>More labels the provider puts on the node.</summary>
    public IReadOnlyDictionary<string, string> AdditionalLabels { get; init; } = new Dictionary<string, string>();
}
