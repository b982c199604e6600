using System.Text.Json.Nodes;
using Orchestrator.Kubelet.Runtime;

namespace Orchestrator.Kubelet.Pods;

/// <summary>The API showed a new version of the pod (any watch update, a deletionTimestamp included).</summary>
public sealed record PodSpecChanged(JsonObject Pod);

/// <summary>The pod object is gone from the API: kill everything now, without grace, and stop.</summary>
public sealed record PodRemovedFromApi(string Uid);

/// <summary>The kubelet is shutting down: stop the pod's containers within <paramref name="GracePeriod"/>, then stop.</summary>
public sealed record StopPodForShutdown(TimeSpan GracePeriod);

/// <summary>The runtime reported a start or exit of one of this pod's containers.</summary>
public sealed record ContainerEventObserved(ContainerEvent Event);
