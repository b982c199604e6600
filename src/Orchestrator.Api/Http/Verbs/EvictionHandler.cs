using Orchestrator.Api.Entities;
using Orchestrator.Api.Kinds;

namespace Orchestrator.Api.Http.Verbs;

/// <summary>
/// POST of a pod's <c>/eviction</c> (policy/v1 Eviction): a delete that disruption budgets may refuse.
/// No PodDisruptionBudget kind is served yet, so every eviction is allowed and deletes the pod with the
/// eviction's delete options (201 Success).
/// </summary>
public static class EvictionHandler
{
    public static async Task HandleAsync(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var eviction = EvictionRequest.Parse(await RequestObjects.ReadBodyObjectAsync(request).ConfigureAwait(false), request.Namespace, request.ObjectName);
        var options = new DeleteOptions(eviction.GracePeriodSeconds, eviction.PreconditionUid, eviction.PreconditionResourceVersion, eviction.PropagationPolicy, eviction.DryRun);
        var result = await request.Writes.DeleteAsync(request.Type, request.Namespace, request.ObjectName, options, request.Aborted).ConfigureAwait(false);
        await HttpResponses.WriteSuccessAsync(request.Context, result).ConfigureAwait(false);
    }
}
