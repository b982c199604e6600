using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Akka.Actor;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Api.Authentication;
using Orchestrator.Api.Kinds;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Model.OpenApi;

namespace Orchestrator.Api.Tests.Gateway;

/// <summary>
/// A gateway on a one-member Akka cluster with the in-memory journal, behind real Kestrel on a loopback
/// port (plain HTTP), for tests of the gateway's logic. The executable's own tests run the real process over HTTPS.
/// </summary>
public sealed class GatewayFixture : IAsyncDisposable
{
    public const string Token = "test-token";

    private GatewayFixture(ActorSystem system, ApiGateway gateway, ApiServer server, HttpClient client)
    {
        System = system;
        Gateway = gateway;
        Server = server;
        Client = client;
    }

    public ActorSystem System { get; }

    public ApiGateway Gateway { get; }

    public ApiServer Server { get; }

    public HttpClient Client { get; }

    public static ResourceRegistry MinimalRegistry() => new ResourceRegistry()
        .Add(new ResourceType
        {
            Group = "", Version = "v1", Kind = "Namespace", Plural = "namespaces", Namespaced = false,
            Subresources = ServedSubresources.Status | ServedSubresources.Finalize, Strategy = new NamespaceStrategy(),
        })
        .Add(new ResourceType { Group = "", Version = "v1", Kind = "ConfigMap", Plural = "configmaps", Namespaced = true, ShortNames = ["cm"] })
        .Add(new ResourceType { Group = "coordination.k8s.io", Version = "v1", Kind = "Lease", Plural = "leases", Namespaced = true });

    /// <param name="serviceAccountKey">The key service-account tokens are signed with; by default one the server makes for itself.</param>
    public static async Task<GatewayFixture> StartAsync(ResourceRegistry? registry = null, ApiSettings? settings = null, AsymmetricAlgorithm? serviceAccountKey = null)
    {
        var system = await GatewaySystem.StartAsync("gateway-test");
        settings ??= new ApiSettings();
        settings = settings with { Listen = new IPEndPoint(IPAddress.Loopback, FreePort()), PlainHttp = true, ReadJournal = GatewaySystem.ReadJournal };
        var gateway = await ApiGateway.StartAsync(system, registry ?? MinimalRegistry(), settings);
        var tokens = serviceAccountKey is null ? null : new ServiceAccountTokens(gateway, serviceAccountKey);
        var server = await ApiServer.StartAsync(gateway, Token, null, NullLoggerFactory.Instance, tokens);
        var client = new HttpClient { BaseAddress = server.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return new GatewayFixture(system, gateway, server, client);
    }

    public async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        await Gateway.DisposeAsync();
        await System.Terminate();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
