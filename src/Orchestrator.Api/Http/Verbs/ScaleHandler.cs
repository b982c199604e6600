namespace Orchestrator.Api.Http.Verbs;

/// <summary>GET, PUT and PATCH of the <c>/scale</c> subresource (an autoscaling/v1 Scale over spec.replicas).</summary>
public static class ScaleHandler
{
    public static async Task HandleAsync(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (type, ns, name, dryRun, ct) = (request.Type, request.Namespace, request.ObjectName, request.Query.DryRun, request.Aborted);
        var result = request.Context.Request.Method switch
        {
            "PUT" => await request.Writes.ScaleAsync(type, ns, name, await RequestObjects.ReadBodyObjectAsync(request).ConfigureAwait(false), null, null, dryRun, ct).ConfigureAwait(false),
            "PATCH" => await PatchAsync(request).ConfigureAwait(false),
            _ => await request.Writes.ScaleAsync(type, ns, name, null, null, null, false, ct).ConfigureAwait(false),
        };
        await HttpResponses.WriteResultAsync(request.Context, result).ConfigureAwait(false);
    }

    private static async Task<Entities.ResourceResult> PatchAsync(ResourceRequest request)
    {
        var (kind, patch) = await RequestObjects.ReadPatchAsync(request, "Scale").ConfigureAwait(false);
        return await request.Writes.ScaleAsync(request.Type, request.Namespace, request.ObjectName, null, kind, patch, request.Query.DryRun, request.Aborted).ConfigureAwait(false);
    }
}
