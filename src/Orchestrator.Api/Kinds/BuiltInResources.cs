using Orchestrator.Model.OpenApi;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Tables;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// The kinds the gateway serves out of the box, registered as Kubernetes serves them: the same
/// plural, short names, categories, scope, status subresource and field selectors, so that
/// kubectl's discovery, `get all`, `get po` and `--field-selector` behave as against Kubernetes.
/// </summary>
public static class BuiltInResources
{
    /// <summary>Adds the built-in kinds with Kubernetes' default settings.</summary>
    public static ResourceRegistry Register(ResourceRegistry registry) =>
        Register(registry, PodStrategy.StandardTolerationSeconds);

    /// <summary>
    /// Adds the built-in kinds; <paramref name="defaultTolerationSeconds"/> is how long pods tolerate a
    /// not-ready or unreachable node by default (300 in Kubernetes), a setting so that tests can shrink it.
    /// </summary>
    public static ResourceRegistry Register(ResourceRegistry registry, long defaultTolerationSeconds) =>
        Register(registry, defaultTolerationSeconds, defaultTolerationSeconds);

    /// <summary>
    /// Adds the built-in kinds, with pods tolerating a not-ready node for <paramref name="notReadyTolerationSeconds"/>
    /// and an unreachable one for <paramref name="unreachableTolerationSeconds"/> by default (the DefaultTolerationSeconds
    /// admission plugin's flags; <c>orchestrator.api.admission</c>).
    /// </summary>
    public static ResourceRegistry Register(ResourceRegistry registry, long notReadyTolerationSeconds, long unreachableTolerationSeconds)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Add(new ResourceType
            {
                Group = "",
                Version = "v1",
                Kind = "Namespace",
                Plural = "namespaces",
                Namespaced = false,
                ShortNames = ["ns"],
                Subresources = ServedSubresources.Status | ServedSubresources.Finalize,
                SelectableFields = ["status.phase"],
                Strategy = new NamespaceStrategy(),
                Table = NamespaceTableConvertor.Instance,
            })
            .Add(new ResourceType
            {
                Group = "",
                Version = "v1",
                Kind = "Node",
                Plural = "nodes",
                Namespaced = false,
                ShortNames = ["no"],
                HasStatus = true,
                SelectableFields = ["spec.unschedulable"],
                Strategy = new NodeStrategy(),
                Table = NodeTableConvertor.Instance,
            })
            .Add(new ResourceType
            {
                Group = "",
                Version = "v1",
                Kind = "Pod",
                Plural = "pods",
                Namespaced = true,
                ShortNames = ["po"],
                Categories = ["all"],
                Subresources = ServedSubresources.Status | ServedSubresources.Binding | ServedSubresources.Eviction,
                SelectableFields =
                [
                    "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                    "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName",
                ],
                Strategy = new PodStrategy { DefaultNotReadyTolerationSeconds = notReadyTolerationSeconds, DefaultUnreachableTolerationSeconds = unreachableTolerationSeconds },
                Table = PodTableConvertor.Instance,
            })
            .Add(new ResourceType
            {
                Group = "",
                Version = "v1",
                Kind = "ConfigMap",
                Plural = "configmaps",
                Namespaced = true,
                ShortNames = ["cm"],
                Strategy = new ConfigMapStrategy(),
                Table = ConfigMapTableConvertor.Instance,
            })
            .Add(new ResourceType
            {
                Group = "",
                Version = "v1",
                Kind = "Secret",
                Plural = "secrets",
                Namespaced = true,
                SelectableFields = ["type"],
                Strategy = new SecretStrategy(),
                Table = SecretTableConvertor.Instance,
            })
            .Add(new ResourceType
            {
                Group = "",
                Version = "v1",
                Kind = "Event",
                Plural = "events",
                Namespaced = true,
                ShortNames = ["ev"],
                SelectableFields =
                [
                    "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                    "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
                    "reason", "reportingComponent", "source", "type",
                ],
                Strategy = new EventStrategy(),
                Table = EventTableConvertor.Instance,
            })
            .Add(new ResourceType
            {
                Group = "coordination.k8s.io",
                Version = "v1",
                Kind = "Lease",
                Plural = "leases",
                Namespaced = true,
                Strategy = new LeaseStrategy(),
                Table = LeaseTableConvertor.Instance,
            })
            .Add(new ResourceType
            {
                Group = "scheduling.k8s.io",
                Version = "v1",
                Kind = "PriorityClass",
                Plural = "priorityclasses",
                Namespaced = false,
                ShortNames = ["pc"],
                Strategy = new PriorityClassStrategy(),
                Table = PriorityClassTableConvertor.Instance,
            })
            .Add(new ResourceType
            {
                Group = "",
                Version = "v1",
                Kind = "Service",
                Plural = "services",
                Namespaced = true,
                ShortNames = ["svc"],
                Categories = ["all"],
                HasStatus = true,
                Strategy = new ServiceStrategy(),
                Table = ServiceTableConvertor.Instance,
            })
            .Add(new ResourceType
            {
                Group = "",
                Version = "v1",
                Kind = "Endpoints",
                Plural = "endpoints",
                Namespaced = true,
                ShortNames = ["ep"],
                // Node addresses default to loopback here (and so do host-network pods and the API itself).
                Strategy = new EndpointsStrategy { AllowLoopbackAddresses = true },
                Table = EndpointsTableConvertor.Instance,
            })
            .Add(new ResourceType
            {
                Group = "discovery.k8s.io",
                Version = "v1",
                Kind = "EndpointSlice",
                Plural = "endpointslices",
                Namespaced = true,
                Strategy = new EndpointSliceStrategy { AllowLoopbackAddresses = true },
                Table = EndpointSliceTableConvertor.Instance,
            })
            .Add(new ResourceType
            {
                Group = "",
                Version = "v1",
                Kind = "ServiceAccount",
                Plural = "serviceaccounts",
                Namespaced = true,
                ShortNames = ["sa"],
                Subresources = ServedSubresources.Token,
                Strategy = new ServiceAccountStrategy(),
                Table = ServiceAccountTableConvertor.Instance,
            })
            .Add(new ResourceType
            {
                Group = "apps",
                Version = "v1",
                Kind = "Deployment",
                Plural = "deployments",
                Namespaced = true,
                ShortNames = ["deploy"],
                Categories = ["all"],
                HasStatus = true,
                HasScale = true,
                Strategy = new DeploymentStrategy(),
                Table = DeploymentTableConvertor.Instance,
            })
            .Add(new ResourceType
            {
                Group = "apps",
                Version = "v1",
                Kind = "ReplicaSet",
                Plural = "replicasets",
                Namespaced = true,
                ShortNames = ["rs"],
                Categories = ["all"],
                HasStatus = true,
                HasScale = true,
                Strategy = new ReplicaSetStrategy(),
                Table = ReplicaSetTableConvertor.Instance,
            })
            .Add(new ResourceType
            {
                Group = "apps",
                Version = "v1",
                Kind = "DaemonSet",
                Plural = "daemonsets",
                Namespaced = true,
                ShortNames = ["ds"],
                Categories = ["all"],
                HasStatus = true,
                Strategy = new DaemonSetStrategy(),
                Table = DaemonSetTableConvertor.Instance,
            })
            .Add(new ResourceType
            {
                Group = "apps",
                Version = "v1",
                Kind = "ControllerRevision",
                Plural = "controllerrevisions",
                Namespaced = true,
                Strategy = new ControllerRevisionStrategy(),
                Table = ControllerRevisionTableConvertor.Instance,
            })
            .Add(new ResourceType
            {
                Group = "batch",
                Version = "v1",
                Kind = "Job",
                Plural = "jobs",
                Namespaced = true,
                Categories = ["all"],
                HasStatus = true,
                SelectableFields = ["status.successful"],
                Strategy = new JobStrategy(),
                Table = JobTableConvertor.Instance,
            })
            .Add(new ResourceType
            {
                Group = "batch",
                Version = "v1",
                Kind = "CronJob",
                Plural = "cronjobs",
                Namespaced = true,
                ShortNames = ["cj"],
                Categories = ["all"],
                HasStatus = true,
                Strategy = new CronJobStrategy(),
                Table = CronJobTableConvertor.Instance,
            });
    }
}
