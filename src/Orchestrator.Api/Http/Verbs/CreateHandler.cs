namespace Orchestrator.Api.Http.Verbs;

/// <summary>POST to a collection: creates the object in the body (201).</summary>
public static class CreateHandler
{
    public static async Task HandleAsync(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var obj = await RequestObjects.ReadObjectAsync(request).ConfigureAwait(false);
        var result = await request.Writes.CreateAsync(request.Type, request.Namespace, obj, request.Query.DryRun, request.Aborted).ConfigureAwait(false);
        await HttpResponses.WriteResultAsync(request.Context, result).ConfigureAwait(false);
    }
}
