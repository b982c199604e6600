namespace Orchestrator.Controllers.Cloud.Provider;

/// <summary>
/// A route to a node's pod range (cloud-provider's Route). A Blackhole route's target is gone: the route
/// controller deletes it.
/// </summary>
/// <param name="Name">The provider's name for it (empty for a route about to be created).</param>
/// <param name="TargetNode">The node whose pods the range holds.</param>
/// <param name="DestinationCidr">The node's spec.podCIDR (one of its podCIDRs).</param>
public sealed record CloudRoute(string Name, string TargetNode, string DestinationCidr)
{
    public IReadOnlyList<NodeAddress> TargetNodeAddresses { get; init; } = [];

    public bool Blackhole { get; init; }
}
