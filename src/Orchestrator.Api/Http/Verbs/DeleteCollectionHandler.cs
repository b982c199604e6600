using Akka.Actor;
using Orchestrator.Api.Admission;
using Orchestrator.Api.Watch;

namespace Orchestrator.Api.Http.Verbs;

/// <summary>DELETE of a collection: deletes every object the selectors match, answering the list of what was deleted.</summary>
public static class DeleteCollectionHandler
{
    public static async Task HandleAsync(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (gateway, type) = (request.Gateway, request.Type);
        var options = await RequestObjects.ReadDeleteOptionsAsync(request).ConfigureAwait(false);
        await gateway.Feeder.WaitForHeadAsync(request.Aborted).ConfigureAwait(false);
        var list = await gateway.CacheOf(type)
            .Ask<ObjectList>(new ListObjects(request.Filter, null, 0), gateway.Settings.RequestTimeout, request.Aborted)
            .ConfigureAwait(false);
        foreach (var item in list.Items)
        {
            NamespaceLifecycle.AdmitDelete(type, item.Name); // refused before anything is deleted
        }

        var deleted = new List<CachedObject>();
        foreach (var item in list.Items)
        {
            var result = await request.Writes.DeleteAsync(type, item.Namespace, item.Name, options, request.Aborted).ConfigureAwait(false);
            if (result.Error is { Code: not 404 } error)
            {
                throw error;
            }

            if (result.Object is not null)
            {
                deleted.Add(item with { Json = result.Object });
            }
        }

        await ListWriter.WriteAsync(request.Context, gateway, type, new ObjectList(deleted, list.Revision, false)).ConfigureAwait(false);
    }
}
