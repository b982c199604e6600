namespace Orchestrator.Api.Http.Verbs;

/// <summary>DELETE of an object: at once, or marked for graceful deletion or its finalizers (200 with the object either way).</summary>
public static class DeleteHandler
{
    public static async Task HandleAsync(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = await RequestObjects.ReadDeleteOptionsAsync(request).ConfigureAwait(false);
        var result = await request.Writes.DeleteAsync(request.Type, request.Namespace, request.ObjectName, options, request.Aborted).ConfigureAwait(false);
        await HttpResponses.WriteResultAsync(request.Context, result).ConfigureAwait(false);
    }
}
