using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Client;
using Orchestrator.Client.Events;
using Orchestrator.Kubelet.Runtime;

namespace Orchestrator.Kubelet.Pods;

/// <summary>
/// Everything a <see cref="PodActor"/> is started with: the pod as the API last showed it, the runtime that runs its
/// containers, the API client, the node and the settings. The KubeletActor makes one per pod and turns it into
/// Props through a <c>Func&lt;PodActorContext, Props&gt;</c> (tests substitute their own).
/// </summary>
public sealed record PodActorContext(JsonObject Pod, IContainerRuntime Runtime, IKubeClient Client, KubeletNodeInfo Node, PodSettings Settings)
{
    /// <summary>Where the pod's Events go (the kubelet's shared recorder); null: the PodActor starts a broadcaster of its own.</summary>
    public EventRecorder? Events { get; init; }

    /// <summary>The clock of restart back-offs and status times (tests may substitute theirs).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The default factory: a <see cref="PodActor"/>.</summary>
    public static Func<PodActorContext, Props> DefaultFactory { get; } = PodActor.Props;
}
