using Akka.Actor;

namespace Orchestrator.Kubelet.Pods;

/// <summary>
/// How the KubeletActor makes the actor of one pod (one child per pod uid): the real kubelet passes the
/// PodActor's props, tests pass a stand-in.
/// </summary>
public delegate Props PodWorkerProps(PodActorContext context);
