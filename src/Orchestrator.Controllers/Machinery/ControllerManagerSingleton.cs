using Akka.Actor;
using Akka.Cluster.Tools.Singleton;

namespace Orchestrator.Controllers.Machinery;

/// <summary>
/// The <see cref="ControllerManager"/> as an Akka.Cluster.Tools cluster singleton: a ClusterSingletonManager
/// on every control-plane member, which runs the manager on the oldest one and hands it over (with
/// <see cref="StopControllerManager"/>, so the Lease is released) when that member leaves, and a proxy that
/// reaches it wherever it runs.
/// </summary>
public sealed class ControllerManagerSingleton
{
    private ControllerManagerSingleton(IActorRef manager, IActorRef proxy, ActorSystem system)
    {
        Manager = manager;
        Proxy = proxy;
        System = system;
    }

    /// <summary>This member's ClusterSingletonManager.</summary>
    public IActorRef Manager { get; }

    /// <summary>Reaches the controller manager wherever it runs.</summary>
    public IActorRef Proxy { get; }

    private ActorSystem System { get; }

    /// <param name="managerProps">The <see cref="ControllerManager"/>'s props.</param>
    /// <param name="role">The members that may run it (control-plane).</param>
    public static ControllerManagerSingleton Start(ActorSystem system, Props managerProps, string name = "kube-controller-manager", string? role = "control-plane")
    {
        ArgumentNullException.ThrowIfNull(system);

        // Akka.Cluster.Tools' defaults (akka.cluster.singleton and singleton-proxy), which the system's own
        // configuration does not carry.
        system.Settings.InjectTopLevelFallback(ClusterSingleton.DefaultConfig());
        var managerSettings = ClusterSingletonManagerSettings.Create(system).WithRole(role);
        var manager = system.ActorOf(ClusterSingletonManager.Props(managerProps, StopControllerManager.Instance, managerSettings), name);
        var proxySettings = ClusterSingletonProxySettings.Create(system).WithRole(role).WithSingletonName(managerSettings.SingletonName);
        var proxy = system.ActorOf(ClusterSingletonProxy.Props(manager.Path.ToStringWithoutAddress(), proxySettings), name + "-proxy");
        return new ControllerManagerSingleton(manager, proxy, system);
    }

    /// <summary>
    /// Stops the controller manager, if it runs on this member, in order (controllers, then the Lease), and the
    /// proxy: for a process that stops its components before the API. The singleton manager stays: it does not
    /// start a singleton that stopped by itself, and the member's leaving (coordinated shutdown) waits for it.
    /// </summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        try
        {
            var singleton = await System.ActorSelection(Manager.Path / ClusterSingletonManagerSettings.Create(System).SingletonName)
                .ResolveOne(timeout).ConfigureAwait(false);
            await singleton.GracefulStop(timeout, StopControllerManager.Instance).ConfigureAwait(false);
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
