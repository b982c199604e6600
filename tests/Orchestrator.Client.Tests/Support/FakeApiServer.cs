using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Client.Tests.Support;

/// <summary>
/// A Kestrel server on 127.0.0.1 and a free port that records every request and answers through a handler
/// the test supplies: canned Kubernetes-shaped responses and chunked watch streams.
/// </summary>
public sealed class FakeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeApiServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>The client certificate of the last TLS connection that presented one.</summary>
    public X509Certificate2? LastClientCertificate { get; private set; }

    public static async Task<FakeApiServer> StartAsync(
        Func<HttpContext, RecordedRequest, Task> handler,
        X509Certificate2? certificate = null,
        bool acceptClientCertificates = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is null)
            {
                return;
            }

            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(https =>
            {
                https.ServerCertificate = certificate;
                if (acceptClientCertificates)
                {
                    https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    https.ClientCertificateValidation = (_, _, _) => true;
                }
            });
        }));

        var app = builder.Build();
        FakeApiServer? server = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var request = new RecordedRequest(
                context.Request.Method,
                context.Request.Path.Value ?? string.Empty,
                context.Request.Query,
                context.Request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null,
                context.Request.ContentType,
                context.Request.Headers.Accept.ToString(),
                body,
                context.Request.Protocol);
            server!.Requests.Enqueue(request);
            if (context.Connection.ClientCertificate is { } clientCertificate)
            {
                server.LastClientCertificate = clientCertificate;
            }

            await handler(context, request);
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeApiServer(app, new Uri(address));
        return server;
    }

    /// <summary>A client of this server: the given CA (if any) and token, short timeouts.</summary>
    public KubeClient Client(string? caPem = null, string? token = "test-token", Func<KubeClientSettings, KubeClientSettings>? configure = null)
    {
        var settings = new KubeClientSettings
        {
            Server = Url,
            CertificateAuthorityPem = caPem,
            Token = token,
            RequestTimeout = TimeSpan.FromSeconds(10),
        };
        return new KubeClient(configure is null ? settings : configure(settings));
    }

    public static async Task WriteJsonAsync(HttpContext context, JsonNode body, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    /// <summary>Writes raw bytes of a watch stream and flushes them, so they travel as their own chunk.</summary>
    public static async Task WriteChunkAsync(HttpContext context, string text)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.ContentType = "application/json";
        }

        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    public static JsonObject Status(int code, string reason, string message, JsonObject? details = null) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["details"] = details,
        ["code"] = code,
    };

    public static JsonObject Pod(string name, string resourceVersion, string ns = "default") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["resourceVersion"] = resourceVersion },
    };

    public static string Event(string type, JsonObject obj) => new JsonObject { ["type"] = type, ["object"] = obj }.ToJsonString() + "\n";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
