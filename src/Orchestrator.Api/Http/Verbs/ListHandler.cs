using Akka.Actor;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Watch;

namespace Orchestrator.Api.Http.Verbs;

/// <summary>GET of a collection: a list from the watch cache, paged lists and Exact as one snapshot.</summary>
public static class ListHandler
{
    public static async Task HandleAsync(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (gateway, query) = (request.Gateway, request.Query);

        // A paged list is one snapshot: every page is served as of the first page's revision. So is an
        // Exact resourceVersion.
        string? continueAfter = null;
        long? atRevision = null;
        if (query.Continue is { } token)
        {
            (atRevision, continueAfter) = ContinueToken.Decode(token);
        }
        else if (query.ResourceVersionMatch == "Exact")
        {
            atRevision = QueryOptions.Revision(query.ResourceVersion)
                ?? throw StatusException.BadRequest($"resourceVersionMatch: Forbidden: resourceVersionMatch \"Exact\" is forbidden for resourceVersion \"{query.ResourceVersion}\"");
        }

        await WaitForConsistencyAsync(gateway, query.ResourceVersion, request.Aborted).ConfigureAwait(false);
        var list = await gateway.CacheOf(request.Type)
            .Ask<ObjectList>(new ListObjects(request.Filter, continueAfter, query.Limit, atRevision), gateway.Settings.RequestTimeout, request.Aborted)
            .ConfigureAwait(false);
        await ListWriter.WriteAsync(request.Context, gateway, request.Type, list).ConfigureAwait(false);
    }

    /// <summary>
    /// resourceVersion unset: a consistent read (wait until the cache holds every committed write);
    /// "0": whatever the cache holds; N: at least N.
    /// </summary>
    private static Task WaitForConsistencyAsync(ApiGateway gateway, string? resourceVersion, CancellationToken ct) =>
        resourceVersion switch
        {
            null or "" => gateway.Feeder.WaitForHeadAsync(ct),
            "0" => Task.CompletedTask,
            _ => QueryOptions.Revision(resourceVersion) is { } revision ? ResourceVersions.WaitForAsync(gateway, revision, ct) : Task.CompletedTask,
        };
}
