using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Deployments;

/// <summary>
/// The deployment.kubernetes.io annotations: revision (on the Deployment and its ReplicaSets), revision-history,
/// desired-replicas and max-replicas (on ReplicaSets, for proportional scaling), and which of a Deployment's own
/// annotations its ReplicaSets copy (all but these and kubectl's last-applied-configuration).
/// </summary>
public static class DeploymentAnnotations
{
    public const string Revision = "deployment.kubernetes.io/revision";
    public const string RevisionHistory = "deployment.kubernetes.io/revision-history";
    public const string DesiredReplicas = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicas = "deployment.kubernetes.io/max-replicas";
    public const string LastAppliedConfiguration = "kubectl.kubernetes.io/last-applied-configuration";
    public const string RollbackTo = "deprecated.deployment.rollback.to";

    private static readonly HashSet<string> NotCopied = new(StringComparer.Ordinal)
    {
        LastAppliedConfiguration, Revision, RevisionHistory, DesiredReplicas, MaxReplicas, RollbackTo,
    };

    /// <summary>The revision annotation as a number (0 when absent or malformed).</summary>
    public static long RevisionOf(JsonObject obj) =>
        long.TryParse(KubeObject.Annotations(obj).GetValueOrDefault(Revision), NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : 0;

    public static int? IntAnnotation(JsonObject obj, string name) =>
        int.TryParse(KubeObject.Annotations(obj).GetValueOrDefault(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>
    /// Brings a ReplicaSet's annotations up to date with its Deployment (SetNewReplicaSetAnnotations): the Deployment's
    /// copied annotations, the revision raised to <paramref name="newRevision"/> (the former one appended to the
    /// revision history) and, for a ReplicaSet being created, the replica annotations. True when anything changed.
    /// </summary>
    public static bool SetNewReplicaSetAnnotations(JsonObject deployment, JsonObject rs, long newRevision, bool exists)
    {
        var annotations = KubeObject.EnsureObject(rs, "metadata", "annotations");
        var changed = false;
        foreach (var (key, value) in KubeObject.Annotations(deployment))
        {
            if (!NotCopied.Contains(key) && annotations[key]?.GetValue<string>() != value)
            {
                annotations[key] = value;
                changed = true;
            }
        }

        var oldRevision = annotations[Revision]?.GetValue<string>();
        var oldRevisionNumber = long.TryParse(oldRevision, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        if (oldRevisionNumber < newRevision)
        {
            annotations[Revision] = newRevision.ToString(CultureInfo.InvariantCulture);
            changed = true;
            if (!string.IsNullOrEmpty(oldRevision))
            {
                var history = annotations[RevisionHistory]?.GetValue<string>();
                annotations[RevisionHistory] = string.IsNullOrEmpty(history) ? oldRevision : $"{history},{oldRevision}";
            }
        }

        if (!exists && SetReplicasAnnotations(rs, RollingUpdateLimits.Replicas(deployment), RollingUpdateLimits.Replicas(deployment) + RollingUpdateLimits.MaxSurge(deployment)))
        {
            changed = true;
        }

        return changed;
    }

    /// <summary>Sets desired-replicas and max-replicas; true when either changed.</summary>
    public static bool SetReplicasAnnotations(JsonObject rs, int desired, int max)
    {
        var annotations = KubeObject.EnsureObject(rs, "metadata", "annotations");
        var changed = false;
        foreach (var (name, value) in new[] { (DesiredReplicas, desired), (MaxReplicas, max) })
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            if (annotations[name]?.GetValue<string>() != text)
            {
                annotations[name] = text;
                changed = true;
            }
        }

        return changed;
    }

    public static bool ReplicasAnnotationsNeedUpdate(JsonObject rs, int desired, int max) =>
        IntAnnotation(rs, DesiredReplicas) != desired || IntAnnotation(rs, MaxReplicas) != max;
}
