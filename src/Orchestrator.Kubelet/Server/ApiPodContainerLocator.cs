using System.Text.Json.Nodes;
using Orchestrator.Client;
using Orchestrator.Kubelet.Runtime;

namespace Orchestrator.Kubelet.Server;

/// <summary>
/// Finds this node's pods for the kubelet's endpoint: the pod from the API (its status carries the container ids
/// this node's pod actors reported) and its sandbox from the runtime (the ready one, else the newest).
/// </summary>
public sealed class ApiPodContainerLocator(IKubeClient client, IContainerRuntime runtime, string nodeName) : IPodContainerLocator
{
    public async ValueTask<LocatedPod?> FindPodAsync(string podNamespace, string podName, CancellationToken cancellationToken)
    {
        JsonObject pod;
        try
        {
            pod = await client.GetAsync(ResourceRef.Pods, podNamespace, podName, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }

        if (pod["spec"]?["nodeName"]?.GetValue<string>() != nodeName)
        {
            return null;
        }

        var uid = pod["metadata"]?["uid"]?.GetValue<string>();
        var sandbox = (await runtime.ListPodSandboxesAsync(cancellationToken).ConfigureAwait(false))
            .Where(s => s.PodUid == uid)
            .OrderByDescending(s => s.State == SandboxState.Ready)
            .ThenByDescending(s => s.CreatedAt)
            .FirstOrDefault();
        return LocatedPodStatus.FromPod(pod, sandbox?.Id);
    }
}
