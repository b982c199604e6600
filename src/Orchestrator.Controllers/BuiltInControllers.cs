using Orchestrator.Controllers.Certificates;
using Orchestrator.Controllers.Deployments;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Controllers.Namespaces;
using Orchestrator.Controllers.ReplicaSets;
using Orchestrator.Controllers.Endpoints;
using Orchestrator.Controllers.EndpointSlices;
using Orchestrator.Controllers.GarbageCollection;
using Orchestrator.Controllers.ServiceAccounts;
using Orchestrator.Controllers.CronJobs;
using Orchestrator.Controllers.DaemonSets;
using Orchestrator.Controllers.Jobs;
using Orchestrator.Controllers.NodeIpam;
using Orchestrator.Controllers.NodeLifecycle;

namespace Orchestrator.Controllers;

/// <summary>The controller loops the <see cref="ControllerManager"/> of a cluster runs, each reading its settings from orchestrator.controllers.</summary>
public static class BuiltInControllers
{
    /// <param name="caPem">The cluster CA the root-ca-cert-publisher puts in every namespace.</param>
    /// <param name="serviceAccountKey">The API's service-account signing key (DATA/sa.key), which the token controller signs the tokens of Secrets with; null: no token controller.</param>
    public static IReadOnlyList<ControllerRegistration> All(string caPem, System.Security.Cryptography.AsymmetricAlgorithm? serviceAccountKey = null) =>
    [
        new(NamespaceController.ControllerName, context =>
            NamespaceController.Props(context, NamespaceControllerSettings.FromConfig(context.Settings.Controllers.GetConfig("namespace")))),
        new(RootCaCertPublisher.ControllerName, context => RootCaCertPublisher.Props(context, caPem)),
        new(ReplicaSetController.ControllerName, context =>
            ReplicaSetController.Props(context, ReplicaSetControllerSettings.FromConfig(context.Settings.Controllers.GetConfig("replica-set")))),
        new(DeploymentController.ControllerName, context =>
            DeploymentController.Props(context, DeploymentControllerSettings.FromConfig(context.Settings.Controllers.GetConfig("deployment")))),
        new(EndpointsController.ControllerName, context =>
            EndpointsController.Props(context, EndpointsControllerSettings.FromConfig(context.Settings.Controllers.GetConfig("endpoints")))),
        new(EndpointSliceController.ControllerName, context =>
            EndpointSliceController.Props(context, EndpointSliceControllerSettings.FromConfig(context.Settings.Controllers.GetConfig("endpointslice")))),
        new(EndpointSliceMirroringController.ControllerName, context =>
            EndpointSliceMirroringController.Props(context, EndpointSliceMirroringControllerSettings.FromConfig(context.Settings.Controllers.GetConfig("endpointslice-mirroring")))),
        new(GarbageCollector.ControllerName, context =>
            GarbageCollector.Props(context, GarbageCollectorSettings.FromConfig(context.Settings.Controllers.GetConfig("garbage-collector")))),
        new(ServiceAccountsController.ControllerName, context =>
            ServiceAccountsController.Props(context, ServiceAccountsControllerSettings.FromConfig(context.Settings.Controllers.GetConfig("serviceaccount")))),
        new(NodeIpamController.ControllerName, context =>
            NodeIpamController.Props(context, NodeIpamSettings.FromConfig(context.Settings.Controllers.GetConfig("node-ipam")))),
        new(NodeLifecycleController.ControllerName, context =>
            NodeLifecycleController.Props(context, NodeLifecycleSettings.FromConfig(context.Settings.Controllers.GetConfig("node-lifecycle")))),
        new(TaintEvictionController.ControllerName, TaintEvictionController.Props),
        new(JobController.ControllerName, context =>
            JobController.Props(context, JobControllerSettings.FromConfig(context.Settings.Controllers.GetConfig("job")))),
        new(CronJobController.ControllerName, context =>
            CronJobController.Props(context, context.Settings.Controllers.GetInt("cronjob.concurrent-syncs"))),
        new(DaemonSetController.ControllerName, context =>
            DaemonSetController.Props(context, context.Settings.Controllers.GetInt("daemonset.concurrent-syncs"))),
        .. serviceAccountKey is null
            ? (IEnumerable<ControllerRegistration>)[]
            : [new(TokensController.ControllerName, context => TokensController.Props(
                context, TokensControllerSettings.FromConfig(context.Settings.Controllers.GetConfig("serviceaccount-token")), new LegacyTokenSigner(serviceAccountKey), caPem))],
    ];
}
