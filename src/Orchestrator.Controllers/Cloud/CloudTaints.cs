namespace Orchestrator.Controllers.Cloud;

/// <summary>The taints and labels of Kubernetes' cloud controllers (k8s.io/cloud-provider/api).</summary>
public static class CloudTaints
{
    /// <summary>A kubelet started with --cloud-provider=external registers with it (NoSchedule) until the cloud node controller initialised the node.</summary>
    public const string Uninitialized = "node.cloudprovider.kubernetes.io/uninitialized";

    /// <summary>Put (NoSchedule) on a node that is not Ready and whose machine the provider says is shut down.</summary>
    public const string Shutdown = "node.cloudprovider.kubernetes.io/shutdown";

    public const string InstanceTypeLabel = "node.kubernetes.io/instance-type";
    public const string ZoneLabel = "topology.kubernetes.io/zone";
    public const string RegionLabel = "topology.kubernetes.io/region";
}
