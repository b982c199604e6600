using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Http;
using Orchestrator.Api.Kinds;
using Orchestrator.Api.OpenApi;
using Orchestrator.Api.Resources;
using Orchestrator.Model.OpenApi;

namespace Orchestrator.Api.Tests.OpenApi;

/// <summary>
/// Real Kestrel on a loopback port (plain HTTP) serving the OpenAPI endpoints the way the API server
/// mounts them, beside the discovery documents kubectl needs to map a kind to its resource, and records
/// what was asked. Objects put in <see cref="Objects"/> can be read and patched (patches are recorded,
/// not applied), which is all <c>kubectl apply</c> needs to show the patch it computes. No authentication: kubectl sends no credentials to a plain-HTTP server (the API
/// server's own middleware authenticates these endpoints like every other).
/// </summary>
internal sealed class OpenApiTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OpenApiTestServer(WebApplication app, Uri address, OpenApiDocuments documents, ConcurrentQueue<ServedRequest> requests, ConcurrentDictionary<string, JsonObject> objects, ConcurrentQueue<ReceivedPatch> patches)
    {
        _app = app;
        Address = address;
        Documents = documents;
        Requests = requests;
        Objects = objects;
        Patches = patches;
    }

    public Uri Address { get; }

    public OpenApiDocuments Documents { get; }

    public ConcurrentQueue<ServedRequest> Requests { get; }

    /// <summary>Objects served at their path (e.g. /api/v1/namespaces/default/pods/web) for GET and PATCH.</summary>
    public ConcurrentDictionary<string, JsonObject> Objects { get; }

    public ConcurrentQueue<ReceivedPatch> Patches { get; }

    /// <summary>The gateway's built-in kinds, a Deployment with scale, and a kind without a schema.</summary>
    public static ResourceRegistry Registry()
    {
        var registry = BuiltInResources.Register(new ResourceRegistry());
        if (registry.FindByKind("apps", "Deployment") is null)
        {
            registry.Add(new ResourceType { Group = "apps", Version = "v1", Kind = "Deployment", Plural = "deployments", Namespaced = true, HasStatus = true, HasScale = true });
        }

        return registry.Add(new ResourceType { Group = "example.com", Version = "v1", Kind = "Widget", Plural = "widgets", Namespaced = true });
    }

    public static async Task<OpenApiTestServer> StartAsync(OpenApiOptions? options = null)
    {
        var registry = Registry();
        var documents = OpenApiDocuments.Build(registry, options);
        var discovery = new DiscoveryDocuments(registry, "127.0.0.1");
        var requests = new ConcurrentQueue<ServedRequest>();
        var objects = new ConcurrentDictionary<string, JsonObject>(StringComparer.Ordinal);
        var patches = new ConcurrentQueue<ReceivedPatch>();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            requests.Enqueue(new ServedRequest(
                context.Request.Path,
                context.Request.QueryString.ToString(),
                context.Request.Headers.Accept.ToString()));
            try
            {
                await next(context);
            }
            catch (StatusException e)
            {
                await HttpResponses.WriteErrorAsync(context, e);
            }
        });

        app.MapGet("/version", context => HttpResponses.WriteJsonAsync(context, 200, DiscoveryDocuments.Version()));
        app.MapGet("/api", context => HttpResponses.WriteJsonAsync(context, 200, discovery.CoreVersions()));
        app.MapGet("/apis", context => HttpResponses.WriteJsonAsync(context, 200, discovery.Groups()));
        app.MapGet("/api/{version}", context => WriteOrNotFound(context, discovery.Resources("", Route(context, "version"))));
        app.MapGet("/apis/{group}", context => WriteOrNotFound(context, discovery.Group(Route(context, "group"))));
        app.MapGet("/apis/{group}/{version}", context => WriteOrNotFound(context, discovery.Resources(Route(context, "group"), Route(context, "version"))));
        // Mounted as the API server mounts them (building their own documents on first use); Documents,
        // built here too, lets tests compare what is served with what a build gives.
        OpenApiEndpoints.MapEndpoints(app, registry, options);
        app.MapFallback(async context =>
        {
            if (!objects.TryGetValue(context.Request.Path.Value ?? "", out var obj) || context.Request.Method is not ("GET" or "PATCH"))
            {
                throw StatusException.NotFound("the server could not find the requested resource");
            }

            if (context.Request.Method == "PATCH")
            {
                using var reader = new StreamReader(context.Request.Body);
                patches.Enqueue(new ReceivedPatch(context.Request.Path, context.Request.QueryString.ToString(), context.Request.ContentType ?? "", await reader.ReadToEndAsync()));
            }

            await HttpResponses.WriteJsonAsync(context, 200, obj.DeepClone());
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new OpenApiTestServer(app, new Uri(address), documents, requests, objects, patches);
    }

    public HttpClient Client() => new() { BaseAddress = Address };

    /// <summary>A kubeconfig pointing kubectl at this server.</summary>
    public string WriteKubeconfig(string path)
    {
        File.WriteAllText(path, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: openapi-test
              cluster:
                server: {{Address.AbsoluteUri.TrimEnd('/')}}
            users:
            - name: admin
              user: {}
            contexts:
            - name: openapi-test
              context:
                cluster: openapi-test
                user: admin
                namespace: default
            current-context: openapi-test
            """);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string Route(HttpContext context, string name) => context.Request.RouteValues[name] as string ?? "";

    private static Task WriteOrNotFound(HttpContext context, JsonObject? document) =>
        document is null
            ? throw StatusException.NotFound("the server could not find the requested resource")
            : HttpResponses.WriteJsonAsync(context, 200, document);
}
