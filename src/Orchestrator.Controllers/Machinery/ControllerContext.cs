using Akka.Actor;
using Orchestrator.Client;
using Orchestrator.Client.Events;
using Orchestrator.Client.Informers;

namespace Orchestrator.Controllers.Machinery;

/// <summary>
/// What the controller manager gives every controller it starts (kube-controller-manager's ControllerContext):
/// the API client, the shared informers, the Event broadcaster and the settings.
/// </summary>
public sealed record ControllerContext(IKubeClient Client, SharedInformerFactory Informers, IActorRef EventBroadcaster, ControllerManagerSettings Settings)
{
    /// <summary>The controllers' clock; null: the actor system scheduler's (virtual under TestKit's TestScheduler).</summary>
    public TimeProvider? Clock { get; init; }
}
