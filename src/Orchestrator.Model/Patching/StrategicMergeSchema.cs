using static Orchestrator.Model.Patching.ListMergeRule;

namespace Orchestrator.Model.Patching;

/// <summary>
/// Which lists a strategic merge patch merges, per kind: the <c>patchStrategy</c>/<c>patchMergeKey</c>
/// tags of k8s.io/api, written as a table. Every list not named here is replaced as a whole (for
/// example tolerations, args, command, envFrom, taints). To support a new kind, add a row to
/// <see cref="Kinds"/>, mounting shared structures with <see cref="Under"/>.
/// </summary>
public static class StrategicMergeSchema
{
    private static readonly ListMergeRule[] ObjectMeta =
    [
        MergeBy("ownerReferences", "uid"),
        MergePrimitives("finalizers"),
    ];

    private static readonly ListMergeRule[] Metadata = [.. Under("metadata", ObjectMeta)];

    private static readonly ListMergeRule[] Container =
    [
        MergeBy("ports", "containerPort"),
        MergeBy("env", "name"),
        MergeBy("volumeMounts", "mountPath"),
        MergeBy("volumeDevices", "devicePath"),
    ];

    private static readonly ListMergeRule[] PodSpec =
    [
        MergeBy("containers", "name"),
        .. Under("containers", Container),
        MergeBy("initContainers", "name"),
        .. Under("initContainers", Container),
        MergeBy("ephemeralContainers", "name"),
        .. Under("ephemeralContainers", Container),
        MergeBy("volumes", "name"),
        MergeBy("imagePullSecrets", "name"),
        MergeBy("hostAliases", "ip"),
        MergeBy("topologySpreadConstraints", "topologyKey"),
        MergeBy("schedulingGates", "name"),
        MergeBy("resourceClaims", "name"),
    ];

    private static readonly ListMergeRule[] PodTemplateSpec =
    [
        .. Under("metadata", ObjectMeta),
        .. Under("spec", PodSpec),
    ];

    private static readonly ListMergeRule[] PodStatus =
    [
        MergeBy("conditions", "type"),
        MergeBy("podIPs", "ip"),
        MergeBy("hostIPs", "ip"),
        MergeBy("resourceClaimStatuses", "name"),
    ];

    private static readonly ListMergeRule StatusConditions = MergeBy("status.conditions", "type");

    // A workload: a pod template under spec.template and conditions in its status.
    private static readonly ListMergeRule[] Workload =
    [
        .. Metadata,
        .. Under("spec.template", PodTemplateSpec),
        StatusConditions,
    ];

    private static readonly Dictionary<string, ListMergeRule[]> Kinds = new(StringComparer.Ordinal)
    {
        ["Pod"] = [.. Metadata, .. Under("spec", PodSpec), .. Under("status", PodStatus)],
        ["PodTemplate"] = [.. Metadata, .. Under("template", PodTemplateSpec)],
        ["ReplicationController"] = Workload,
        ["Deployment"] = Workload,
        ["ReplicaSet"] = Workload,
        ["DaemonSet"] = Workload,
        ["StatefulSet"] = Workload,
        ["Job"] = Workload,
        ["CronJob"] =
        [
            .. Metadata,
            .. Under("spec.jobTemplate.metadata", ObjectMeta),
            .. Under("spec.jobTemplate.spec.template", PodTemplateSpec),
        ],
        ["Service"] = [.. Metadata, MergeBy("spec.ports", "port"), StatusConditions],
        ["Node"] = [.. Metadata, MergePrimitives("spec.podCIDRs"), StatusConditions, MergeBy("status.addresses", "type")],
        ["Namespace"] = [.. Metadata, StatusConditions],
        ["PersistentVolumeClaim"] = [.. Metadata, StatusConditions],
        ["ServiceAccount"] = [.. Metadata, MergeBy("secrets", "name")],
        ["HorizontalPodAutoscaler"] = [.. Metadata, StatusConditions],
        ["PodDisruptionBudget"] = [.. Metadata, StatusConditions],

        // Built-in kinds whose only merging lists are in their metadata.
        ["ConfigMap"] = Metadata,
        ["Secret"] = Metadata,
        ["Endpoints"] = Metadata,
        ["EndpointSlice"] = Metadata,
        ["Event"] = Metadata,
        ["Lease"] = Metadata,
        ["LimitRange"] = Metadata,
        ["ResourceQuota"] = Metadata,
        ["PersistentVolume"] = Metadata,
        ["StorageClass"] = Metadata,
        ["PriorityClass"] = Metadata,
        ["Ingress"] = Metadata,
        ["IngressClass"] = Metadata,
        ["NetworkPolicy"] = Metadata,
        ["Role"] = Metadata,
        ["RoleBinding"] = Metadata,
        ["ClusterRole"] = Metadata,
        ["ClusterRoleBinding"] = Metadata,
        ["CustomResourceDefinition"] = Metadata,
        ["Scale"] = Metadata,
    };

    private static readonly Dictionary<string, PatchSchemaNode> Trees =
        Kinds.ToDictionary(pair => pair.Key, pair => PatchSchemaNode.Build(pair.Value), StringComparer.Ordinal);

    /// <summary>The kinds that have a strategic merge schema; others (custom resources) do not.</summary>
    public static IReadOnlyCollection<string> SupportedKinds => Kinds.Keys;

    public static bool Supports(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return Kinds.ContainsKey(kind);
    }

    /// <summary>The merging-list rules of <paramref name="kind"/>; empty for an unknown kind.</summary>
    public static IReadOnlyList<ListMergeRule> RulesFor(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return Kinds.TryGetValue(kind, out var rules) ? rules : [];
    }

    // The schema tree; an unknown kind gets one without rules, so every list is replaced.
    internal static PatchSchemaNode TreeFor(string kind) =>
        Trees.TryGetValue(kind, out var tree) ? tree : PatchSchemaNode.Unknown;
}
