using Akka.Actor;
using Orchestrator.Client;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Client.Events;
using Orchestrator.Client.Informers;

namespace Orchestrator.Controllers.Tests.TestSupport;

/// <summary>
/// What the controller manager gives its controllers (shared informers, an Event broadcaster, settings), made
/// on a test's actor system so a test can run a controller without the manager and its Lease.
/// </summary>
public sealed class ControllerHarness
{
    private static int _instances;

    private ControllerHarness(ControllerContext context) => Context = context;

    public ControllerContext Context { get; }

    /// <summary>Settings with the Kubernetes defaults, but failed informers retried after a few milliseconds.</summary>
    public static ControllerManagerSettings FastSettings { get; } = new()
    {
        Informers = new InformerSettings { InitialBackoff = TimeSpan.FromMilliseconds(5), MaxBackoff = TimeSpan.FromMilliseconds(50) },
    };

    public static ControllerHarness Create(ActorSystem system, IKubeClient client, ControllerManagerSettings? settings = null)
    {
        settings ??= FastSettings;
        var n = Interlocked.Increment(ref _instances);
        var informers = new SharedInformerFactory(system, client, settings.Informers, $"informers-{n}");
        var events = system.ActorOf(EventBroadcaster.Props(client, settings.Events), $"events-{n}");
        return new ControllerHarness(new ControllerContext(client, informers, events, settings));
    }

    /// <summary>Stops the informers (whose watches are requests a stopping server would wait for) and the broadcaster.</summary>
    public async Task StopAsync()
    {
        await Context.Informers.Supervisor.GracefulStop(TimeSpan.FromSeconds(10));
        await Context.EventBroadcaster.GracefulStop(TimeSpan.FromSeconds(10));
    }
}
