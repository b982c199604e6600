using System.Text.Json.Nodes;
using Orchestrator.Kubelet.Runtime;

namespace Orchestrator.Kubelet.Pods;

// What the KubeletActor tells a PodActor. The PodActor stops itself once its pod is fully terminated and removed
// from the runtime (the KubeletActor death-watches it and makes a new one if the uid comes back).

/// <summary>Any watch update of the pod (including one that sets deletionTimestamp).</summary>
public sealed record PodSpecChanged(JsonObject Pod);

/// <summary>The pod object is gone from the API (deleted, or not found on a relist): kill everything now.</summary>
public sealed record PodRemovedFromApi(string Uid);

/// <summary>The node is shutting down: stop the pod's containers within this grace period (no restart), then stop.</summary>
public sealed record StopPodForShutdown(TimeSpan GracePeriod);

/// <summary>A runtime event of one of the pod's containers (routed by its io.kubernetes.pod.uid label).</summary>
public sealed record ContainerEventObserved(ContainerEvent Event);
