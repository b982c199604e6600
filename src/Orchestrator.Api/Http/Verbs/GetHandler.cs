using System.Text.Json.Nodes;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Tables;
using Orchestrator.Model.Objects;

namespace Orchestrator.Api.Http.Verbs;

/// <summary>GET of one object, from the watch cache once it holds every committed write (or the resourceVersion asked for).</summary>
public static class GetHandler
{
    public static async Task HandleAsync(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (context, gateway, type) = (request.Context, request.Gateway, request.Type);

        // A resourceVersion asks for the object at least that new: the caches must have reached it.
        if (QueryOptions.Revision(request.Query.ResourceVersion) is { } revision)
        {
            await ResourceVersions.WaitForAsync(gateway, revision, request.Aborted).ConfigureAwait(false);
        }

        var lookup = await gateway.GetAsync(type, request.Namespace, request.ObjectName, request.Aborted).ConfigureAwait(false);
        if (lookup.Object is null)
        {
            throw StatusException.NotFound(type, request.ObjectName);
        }

        if (TableRenderer.Wanted(context))
        {
            var obj = JsonNode.Parse(lookup.Object.Json)!.AsObject();
            var table = TableRenderer.Render(type, [obj], KubeObject.ResourceVersion(obj), null, context.Request.Query["includeObject"], withColumns: true, gateway.Time.GetUtcNow());
            await HttpResponses.WriteJsonAsync(context, 200, table).ConfigureAwait(false);
            return;
        }

        await HttpResponses.WriteJsonAsync(context, 200, lookup.Object.Json).ConfigureAwait(false);
    }
}
