namespace Orchestrator.Client.LeaderElection;

/// <summary>
/// Which Lease a <see cref="LeaderElector"/> competes for (kube-system/kube-controller-manager,
/// kube-system/kube-scheduler), under which identity, with which timings.
/// </summary>
public sealed record LeaderElectionConfig(string LeaseNamespace, string LeaseName, string Identity, LeaderElectionSettings Settings)
{
    /// <summary>A new holder identity as Kubernetes components make theirs: the host name and a unique id.</summary>
    public static string NewIdentity() => $"{Environment.MachineName}_{Guid.NewGuid()}";
}
