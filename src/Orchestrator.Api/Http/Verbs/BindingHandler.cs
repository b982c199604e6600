using Orchestrator.Api.Errors;
using Orchestrator.Model.Objects;

namespace Orchestrator.Api.Http.Verbs;

/// <summary>POST of a pod's <c>/binding</c>: assigns an unbound pod to a node, as the scheduler does (201 Success).</summary>
public static class BindingHandler
{
    public static async Task HandleAsync(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var binding = await RequestObjects.ReadBodyObjectAsync(request).ConfigureAwait(false);
        var node = KubeObject.GetString(binding, "target", "name");
        if (string.IsNullOrEmpty(node))
        {
            throw StatusException.BadRequest("a binding needs target.name, the node to bind to");
        }

        var result = await request.Writes.BindAsync(request.Type, request.Namespace, request.ObjectName, node, request.Aborted).ConfigureAwait(false);
        await HttpResponses.WriteSuccessAsync(request.Context, result).ConfigureAwait(false);
    }
}
