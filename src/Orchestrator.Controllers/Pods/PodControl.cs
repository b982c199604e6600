using System.Text.Json.Nodes;
using Orchestrator.Client;
using Orchestrator.Client.Events;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Pods;

/// <summary>
/// Creating and deleting a controller's pods with the Events and expectation bookkeeping every pod-owning
/// controller does alike (Kubernetes' controller.PodControl): SuccessfulCreate/FailedCreate,
/// SuccessfulDelete/FailedDelete, and an expectation observed at once for a write that will never be seen.
/// </summary>
public sealed class PodControl(IKubeClient client, EventRecorder recorder, ControllerExpectations expectations)
{
    /// <summary>Creates <paramref name="pod"/> for <paramref name="owner"/>; false (after a FailedCreate Event) when the API refused it.</summary>
    public async Task<bool> CreateAsync(string key, JsonObject owner, JsonObject pod, CancellationToken cancellationToken)
    {
        try
        {
            var created = await client.CreateAsync(ResourceRef.Pods, pod, cancellationToken);
            recorder.Event(owner, EventType.Normal, "SuccessfulCreate", $"Created pod: {KubeObject.Name(created)}");
            return true;
        }
        catch (KubeApiException e)
        {
            expectations.CreationObserved(key);
            recorder.Event(owner, EventType.Warning, "FailedCreate", $"Error creating: {e.Message}");
            return false;
        }
    }

    /// <summary>Deletes <paramref name="pods"/> of <paramref name="owner"/> one by one; a pod already gone counts as deleted, any other refusal throws.</summary>
    public async Task DeleteAsync(string key, JsonObject owner, IEnumerable<JsonObject> pods, CancellationToken cancellationToken)
    {
        foreach (var pod in pods)
        {
            try
            {
                await client.DeleteAsync(ResourceRef.Pods, KubeObject.Namespace(pod), KubeObject.Name(pod)!, cancellationToken: cancellationToken);
                recorder.Event(owner, EventType.Normal, "SuccessfulDelete", $"Deleted pod: {KubeObject.Name(pod)}");
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                expectations.DeletionObserved(key);
            }
            catch (KubeApiException e)
            {
                expectations.DeletionObserved(key);
                recorder.Event(owner, EventType.Warning, "FailedDelete", $"Error deleting: {e.Message}");
                throw;
            }
        }
    }
}
