using System.Collections.Concurrent;
using System.Net;
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
/// mounts them, beside the discovery documents kubectl needs to map a kind to its resource. It needs
/// the bearer token on every request but /version, and records what was asked.
/// </summary>
internal sealed class OpenApiTestServer : IAsyncDisposable
{
    public const string Token = "openapi-test-token";

    private readonly WebApplication _app;

    private OpenApiTestServer(WebApplication app, Uri address, OpenApiDocuments documents, ConcurrentQueue<ServedRequest> requests)
    {
        _app = app;
        Address = address;
        Documents = documents;
        Requests = requests;
    }

    public Uri Address { get; }

    public OpenApiDocuments Documents { get; }

    public ConcurrentQueue<ServedRequest> Requests { get; }

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

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            requests.Enqueue(new ServedRequest(
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.Accept.ToString(),
                context.Request.Headers.Authorization.ToString()));
            try
            {
                if (context.Request.Path != "/version" && context.Request.Headers.Authorization.ToString() != $"Bearer {Token}")
                {
                    throw StatusException.Unauthorized();
                }

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
        OpenApiEndpoints.MapEndpoints(app, () => documents);
        app.MapFallback(_ => throw StatusException.NotFound("the server could not find the requested resource"));

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new OpenApiTestServer(app, new Uri(address), documents, requests);
    }

    public HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    /// <summary>A kubeconfig pointing kubectl at this server with the token.</summary>
    public string WriteKubeconfig(string path)
    {
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: openapi-test
              cluster:
                server: {Address.AbsoluteUri.TrimEnd('/')}
            users:
            - name: admin
              user:
                token: {Token}
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

    private static Task WriteOrNotFound(HttpContext context, System.Text.Json.Nodes.JsonObject? document) =>
        document is null
            ? throw StatusException.NotFound("the server could not find the requested resource")
            : HttpResponses.WriteJsonAsync(context, 200, document);
}

/// <summary>One request the test server answered: path with query, Accept and Authorization.</summary>
internal sealed record ServedRequest(string PathAndQuery, string Accept, string Authorization);
