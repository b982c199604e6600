namespace Orchestrator.Kubelet.Hollow;

/// <summary>
/// Who one simulated node is: its name, its InternalIP (a loopback address nothing listens on) and the
/// range its pods get addresses from while the node has no spec.podCIDR.
/// </summary>
public sealed record HollowNodeIdentity(string Name, string Address, Ipv4Cidr LoopbackPodRange);
