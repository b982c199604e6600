using System.Text.Json.Nodes;
using Orchestrator.Api.Entities;

namespace Orchestrator.Api.Http.Verbs;

/// <summary>PATCH of an object or its status: merge, JSON and strategic merge patches (server-side apply is <see cref="ApplyHandler"/>).</summary>
public static class PatchHandler
{
    public static async Task HandleAsync(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (kind, patch) = await RequestObjects.ReadPatchAsync(request, request.Type.Kind).ConfigureAwait(false);
        if (kind != PatchKind.Json)
        {
            ResourceVersions.CheckPrecondition(patch as JsonObject);
        }

        if (kind != PatchKind.Json && request.Subresource is null)
        {
            FieldValidation.ApplyToPatch(request.Context, request.Type, patch);
        }
        else if (request.Subresource is null)
        {
            FieldValidation.ApplyToJsonPatch(request.Context);
        }

        var result = await request.Writes.PatchAsync(request.Type, request.Namespace, request.ObjectName, kind, patch, request.Subresource, request.Query.DryRun, request.Aborted).ConfigureAwait(false);
        await HttpResponses.WriteResultAsync(request.Context, result).ConfigureAwait(false);
    }
}
