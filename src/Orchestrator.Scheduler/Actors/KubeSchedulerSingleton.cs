using Akka.Actor;
using Akka.Cluster.Tools.Singleton;

namespace Orchestrator.Scheduler.Actors;

/// <summary>
/// The <see cref="KubeScheduler"/> as an Akka.Cluster.Tools cluster singleton: a ClusterSingletonManager on every
/// control-plane member runs it on the oldest one and hands it over (with <see cref="StopKubeScheduler"/>, so
/// the Lease is released) when that member leaves; the proxy reaches it wherever it runs.
/// </summary>
public sealed class KubeSchedulerSingleton
{
    private readonly ActorSystem _system;

    private KubeSchedulerSingleton(IActorRef manager, IActorRef proxy, ActorSystem system)
    {
        Manager = manager;
        Proxy = proxy;
        _system = system;
    }

    /// <summary>This member's ClusterSingletonManager.</summary>
    public IActorRef Manager { get; }

    /// <summary>Reaches the scheduler wherever it runs (for <see cref="GetSchedulerStats"/> and <see cref="ExplainPod"/>).</summary>
    public IActorRef Proxy { get; }

    /// <param name="schedulerProps">The <see cref="KubeScheduler"/>'s props.</param>
    /// <param name="role">The members that may run it (control-plane).</param>
    public static KubeSchedulerSingleton Start(ActorSystem system, Props schedulerProps, string name = "kube-scheduler", string? role = "control-plane")
    {
        ArgumentNullException.ThrowIfNull(system);

        // Akka.Cluster.Tools' defaults (akka.cluster.singleton and singleton-proxy), which the system's own
        // configuration does not carry.
        system.Settings.InjectTopLevelFallback(ClusterSingleton.DefaultConfig());
        var managerSettings = ClusterSingletonManagerSettings.Create(system).WithRole(role);
        var manager = system.ActorOf(ClusterSingletonManager.Props(schedulerProps, StopKubeScheduler.Instance, managerSettings), name);
        var proxySettings = ClusterSingletonProxySettings.Create(system).WithRole(role).WithSingletonName(managerSettings.SingletonName);
        var proxy = system.ActorOf(ClusterSingletonProxy.Props(manager.Path.ToStringWithoutAddress(), proxySettings), name + "-proxy");
        return new KubeSchedulerSingleton(manager, proxy, system);
    }

    /// <summary>
    /// Stops the scheduler, if it runs on this member, in order (scheduling, then the Lease), and the proxy: for a
    /// process that stops its components before the API. The singleton manager stays: it does not start a
    /// singleton that stopped by itself, and the member's leaving (coordinated shutdown) waits for it.
    /// </summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        try
        {
            var singleton = await _system.ActorSelection(Manager.Path / ClusterSingletonManagerSettings.Create(_system).SingletonName)
                .ResolveOne(timeout).ConfigureAwait(false);
            await singleton.GracefulStop(timeout, StopKubeScheduler.Instance).ConfigureAwait(false);
        }
        catch (ActorNotFoundException)
        {
            // It runs on another member (or not at all): nothing of it to stop here.
        }
        catch (TaskCanceledException)
        {
            // It did not stop in time; stopping its manager below ends it.
        }

        try
        {
            await Proxy.GracefulStop(timeout).ConfigureAwait(false);
        }
        catch (TaskCanceledException)
        {
            // The actor system's termination ends it.
        }
    }
}
