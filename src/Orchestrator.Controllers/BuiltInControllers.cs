using Orchestrator.Controllers.Certificates;
using Orchestrator.Controllers.CronJobs;
using Orchestrator.Controllers.DaemonSets;
using Orchestrator.Controllers.Jobs;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Controllers.Namespaces;
using Orchestrator.Controllers.NodeIpam;
using Orchestrator.Controllers.NodeLifecycle;

namespace Orchestrator.Controllers;

/// <summary>The controller loops the <see cref="ControllerManager"/> of a cluster runs, each reading its settings from orchestrator.controllers.</summary>
public static class BuiltInControllers
{
    /// <param name="caPem">The cluster CA the root-ca-cert-publisher puts in every namespace.</param>
    public static IReadOnlyList<ControllerRegistration> All(string caPem) =>
    [
        new(NamespaceController.ControllerName, context =>
            NamespaceController.Props(context, NamespaceControllerSettings.FromConfig(context.Settings.Controllers.GetConfig("namespace")))),
        new(RootCaCertPublisher.ControllerName, context => RootCaCertPublisher.Props(context, caPem)),
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
    ];
}
