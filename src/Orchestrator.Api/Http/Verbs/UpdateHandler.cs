using Orchestrator.Api.Errors;
using Orchestrator.Model.Objects;

namespace Orchestrator.Api.Http.Verbs;

/// <summary>PUT of an object, its status or its finalizers: replaces it, guarded by the resourceVersion it carries.</summary>
public static class UpdateHandler
{
    public static async Task HandleAsync(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var obj = await RequestObjects.ReadObjectAsync(request).ConfigureAwait(false);
        ResourceVersions.CheckPrecondition(obj);
        if (KubeObject.Name(obj) is { } bodyName && bodyName != request.ObjectName)
        {
            throw StatusException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({request.ObjectName})");
        }

        var result = await request.Writes.UpdateAsync(request.Type, request.Namespace, request.ObjectName, obj, request.Subresource, request.Query.DryRun, request.Aborted).ConfigureAwait(false);
        await HttpResponses.WriteResultAsync(request.Context, result).ConfigureAwait(false);
    }
}
