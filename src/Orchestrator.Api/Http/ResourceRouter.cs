using Microsoft.AspNetCore.Http;
using Orchestrator.Api.Authentication;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Http.Verbs;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Streaming;

namespace Orchestrator.Api.Http;

/// <summary>
/// Routes a request on a resource to its verb's handler (Kubernetes' endpoints/handlers): the same
/// handlers for every registered kind, and a subresource only where the kind's registration serves it.
/// A pod's streaming subresources (log, exec, attach, portforward) go to its node's kubelet through <paramref name="kubelets"/>.
/// </summary>
public sealed class ResourceRouter(ApiGateway gateway, ServiceAccountTokens tokens, KubeletConnection? kubelets = null)
{
    public Task HandleAsync(HttpContext context, RequestInfo info, ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(type);
        if (!type.Namespaced && info.Namespace is not null)
        {
            throw StatusException.NotFound($"the server could not find the requested resource: {type.Plural} is not namespaced");
        }

        var ns = type.Namespaced ? info.Namespace ?? "" : "";
        if (info.Name is { } podName && PodStreamingHandler.Serves(type, info.Subresource))
        {
            return PodStreamingHandler.HandleAsync(context, gateway, kubelets, type, ns, podName, info.Subresource!);
        }

        if (info.Subresource is { } sub && !type.Serves(sub))
        {
            throw StatusException.NotFound($"the server could not find the requested resource ({sub} of {type.QualifiedResource})");
        }

        var method = context.Request.Method;
        if (type.Namespaced && ns.Length == 0 && method != "GET")
        {
            // Only reads span namespaces (GET /api/v1/pods); a write must name its namespace.
            throw StatusException.MethodNotAllowed($"the server does not allow this method on the requested resource ({method} {type.QualifiedResource} without a namespace)");
        }

        var request = new ResourceRequest(context, gateway, type, ns, info.Name, info.Subresource, QueryOptions.Parse(context, type));
        return (method, info.Name, info.Subresource) switch
        {
            ("GET", null, _) when request.Query.Watch => WatchStream.ServeAsync(context, gateway, type, request.Filter, request.Query),
            ("GET", null, _) => ListHandler.HandleAsync(request),
            ("POST", null, _) => CreateHandler.HandleAsync(request),
            ("DELETE", null, _) => DeleteCollectionHandler.HandleAsync(request),
            ("GET" or "PUT" or "PATCH", not null, "scale") => ScaleHandler.HandleAsync(request),
            ("POST", not null, "binding") => BindingHandler.HandleAsync(request),
            ("POST", not null, "eviction") => EvictionHandler.HandleAsync(request),
            ("POST", not null, "token") => TokenRequestHandler.HandleAsync(request, tokens),
            (_, not null, "binding" or "eviction" or "token") => throw StatusException.MethodNotAllowed($"the server does not allow this method on the requested resource ({method} {type.QualifiedResource}/{info.Subresource})"),
            ("GET", not null, _) => GetHandler.HandleAsync(request),
            ("PUT", not null, _) => UpdateHandler.HandleAsync(request),
            ("PATCH", not null, _) when RequestBody.MediaType(context) == ApplyHandler.MediaType => ApplyHandler.HandleAsync(request),
            ("PATCH", not null, _) => PatchHandler.HandleAsync(request),
            ("DELETE", not null, null) => DeleteHandler.HandleAsync(request),
            _ => throw StatusException.MethodNotAllowed($"the server does not allow this method on the requested resource ({method} {type.QualifiedResource})"),
        };
    }
}
