using Orchestrator.Kubelet.Server;

namespace Orchestrator.Kubelet.Tests.Server;

/// <summary>Pods as a test sets them.</summary>
public sealed class FakeLocator : IPodContainerLocator
{
    private readonly Dictionary<(string, string), LocatedPod> _pods = [];

    public void Set(LocatedPod pod) => _pods[(pod.Namespace, pod.Name)] = pod;

    public ValueTask<LocatedPod?> FindPodAsync(string podNamespace, string podName, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_pods.GetValueOrDefault((podNamespace, podName)));
}
