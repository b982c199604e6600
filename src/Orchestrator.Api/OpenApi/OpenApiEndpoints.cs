using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Resources;
using Orchestrator.Model.OpenApi;

namespace Orchestrator.Api.OpenApi;

/// <summary>
/// Serves <c>/openapi/v2</c> (JSON, or gnostic protobuf when Accept asks for it), <c>/openapi/v3</c>
/// and <c>/openapi/v3/{group version path}</c>. A v3 URL carrying the current hash is cached for good
/// (<c>public, immutable</c>), as Kubernetes does; without it, or with a stale one, the current document
/// is served uncached. Errors are thrown as <see cref="StatusException"/> for the server's middleware.
/// </summary>
public static class OpenApiEndpoints
{
    private const string Json = "application/json";
    private const string LegacyProtobuf = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    /// <summary>Maps the endpoints over the registry's documents, built on first request (and only once).</summary>
    public static void MapEndpoints(IEndpointRouteBuilder endpoints, ResourceRegistry registry, OpenApiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var documents = new Lazy<OpenApiDocuments>(() => OpenApiDocuments.Build(registry, options));
        MapEndpoints(endpoints, () => documents.Value);
    }

    /// <summary>Maps the endpoints; <paramref name="documents"/> is called per request, so it should return a built instance.</summary>
    public static void MapEndpoints(IEndpointRouteBuilder endpoints, Func<OpenApiDocuments> documents)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(documents);
        endpoints.MapGet("/openapi/v2", context => ServeV2Async(context, documents()));
        endpoints.MapGet("/openapi/v3", context => WriteAsync(context, documents().V3Discovery, Json, etag: null, cacheControl: "no-cache, private"));
        endpoints.MapGet("/openapi/v3/{**path}", context => ServeV3Async(context, documents()));
    }

    private static Task ServeV2Async(HttpContext context, OpenApiDocuments documents)
    {
        context.Response.Headers.Vary = HeaderNames.Accept;
        return PrefersProtobuf(context.Request.Headers.Accept.ToString())
            ? WriteAsync(context, documents.V2Protobuf, GnosticProtobuf.ContentType, documents.V2ProtobufHash, "no-cache, private")
            : WriteAsync(context, documents.V2Json, Json, documents.V2Hash, "no-cache, private");
    }

    private static Task ServeV3Async(HttpContext context, OpenApiDocuments documents)
    {
        var path = (context.Request.RouteValues["path"] as string ?? "").Trim('/');
        if (!documents.TryGetV3(path, out var document))
        {
            throw StatusException.NotFound($"the server could not find the requested resource (openapi/v3/{path})");
        }

        var current = context.Request.Query["hash"].ToString() == document.Hash;
        if (current)
        {
            context.Response.Headers.Expires = DateTimeOffset.UtcNow.AddYears(1).ToString("R", CultureInfo.InvariantCulture);
        }

        return WriteAsync(context, document.Json, Json, document.Hash, current ? "public, immutable" : "no-cache, private");
    }

    /// <summary>The first supported media range of Accept decides; JSON when there is none.</summary>
    private static bool PrefersProtobuf(string accept)
    {
        foreach (var range in accept.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var mediaType = range.Split(';', 2)[0].Trim();
            if (mediaType.Equals(GnosticProtobuf.AcceptMediaType, StringComparison.OrdinalIgnoreCase)
                || mediaType.Equals(LegacyProtobuf, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (mediaType is Json or "*/*" or "application/*")
            {
                return false;
            }
        }

        return false;
    }

    private static async Task WriteAsync(HttpContext context, byte[] body, string contentType, string? etag, string cacheControl)
    {
        context.Response.Headers.CacheControl = cacheControl;
        if (etag is not null)
        {
            var quoted = $"\"{etag}\"";
            context.Response.Headers.ETag = quoted;
            if (context.Request.Headers.IfNoneMatch.ToString() == quoted)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}
