using Microsoft.AspNetCore.Http;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Watch;
using Orchestrator.Api.Writes;

namespace Orchestrator.Api.Http.Verbs;

/// <summary>One request on a resource, as the verb handlers get it: the URL resolved and the query parsed.</summary>
public sealed record ResourceRequest(HttpContext Context, ApiGateway Gateway, ResourceType Type, string Namespace, string? Name, string? Subresource, QueryOptions Query)
{
    public WritePath Writes => Gateway.Writes;

    public CancellationToken Aborted => Context.RequestAborted;

    /// <summary>The request's name, for verbs on one object.</summary>
    public string ObjectName => Name ?? throw new InvalidOperationException("the request names no object");

    /// <summary>What a list, watch or deletecollection selects: the namespace (all for a cluster-wide read) and the selectors.</summary>
    public WatchFilter Filter => new(Type.Namespaced && Namespace.Length > 0 ? Namespace : null, Query.Labels, Query.Fields);
}
