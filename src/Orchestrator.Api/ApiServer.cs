using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Api.Authentication;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Http;
using Orchestrator.Api.OpenApi;

namespace Orchestrator.Api;

/// <summary>
/// The HTTP front of the gateway on Kestrel: bearer-token authentication, a bound on requests in
/// flight (429 beyond it), discovery, health, and the resource endpoints under /api and /apis.
/// Every failure is answered with a Kubernetes Status; nothing escapes as a crash.
/// <para>
/// Two kinds of bearer token authenticate: the admin token (the cluster admin, system:masters), compared
/// first and at the same cost as ever, and service-account tokens (signed JWTs the TokenRequest API
/// issues), verified only when the bearer is not the admin token. There is no authorization (RBAC) yet:
/// an authenticated service account may do everything the admin may.
/// </para>
/// </summary>
public sealed partial class ApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private ApiServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <param name="serviceAccountTokens">
    /// Issues and verifies service-account tokens; when null, with a key made for this process alone.
    /// </param>
    /// <param name="kubelets">How to reach kubelets for pods' log, exec, attach and portforward; when null, those answer 503.</param>
    /// <param name="extraEndpoints">
    /// Maps endpoints of components the gateway may not reference (the scheduler's explain endpoint), behind the
    /// same authentication and error handling.
    /// </param>
    public static async Task<ApiServer> StartAsync(
        ApiGateway gateway,
        string adminToken,
        X509Certificate2? certificate,
        ILoggerFactory loggerFactory,
        ServiceAccountTokens? serviceAccountTokens = null,
        Streaming.KubeletConnection? kubelets = null,
        Action<IEndpointRouteBuilder>? extraEndpoints = null)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var tokens = serviceAccountTokens ?? ServiceAccountTokens.WithEphemeralKey(gateway);
        var settings = gateway.Settings;
        // No reloading of appsettings files: that watches the working directory, recursively, and with the
        // default data directory (~/.orchestrator) under it every journal commit woke the watcher.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Bodies are read and limited by the handlers, which answer 413 as a Status.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AddServerHeader = false;
            kestrel.Listen(settings.Listen, listen =>
            {
                listen.Protocols = settings.PlainHttp ? HttpProtocols.Http1 : HttpProtocols.Http1AndHttp2;
                if (!settings.PlainHttp)
                {
                    listen.UseHttps(certificate ?? throw new ArgumentNullException(nameof(certificate), "HTTPS needs a serving certificate"));
                }
            });
        });
        var app = builder.Build();
        var handler = new ResourceRouter(gateway, tokens, kubelets);
        var scheme = settings.PlainHttp ? "http" : "https";
        var address = new Uri($"{scheme}://{settings.Listen}");
        var discovery = new DiscoveryDocuments(gateway.Registry, settings.Listen.ToString());
        var token = Encoding.UTF8.GetBytes(adminToken);
        var log = loggerFactory.CreateLogger<ApiServer>();

        app.Use(async (context, next) =>
        {
            try
            {
                if (!IsPublic(context.Request.Path) && !Authenticated(context, token))
                {
                    // Not the admin: a service account's token, or nothing. The admin's requests carry no
                    // user feature (UserInfo.Of answers the admin for them).
                    var user = await AuthenticateServiceAccountAsync(context, tokens.Authenticator).ConfigureAwait(false)
                        ?? throw StatusException.Unauthorized();
                    context.Features.Set(user);
                }

                await next(context).ConfigureAwait(false);
            }
            catch (StatusException e)
            {
                await HttpResponses.WriteErrorAsync(context, e).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away.
            }
            catch (Exception e)
            {
                LogRequestFailed(log, e, context.Request.Method, context.Request.Path);
                await HttpResponses.WriteErrorAsync(context, StatusException.Internal(e.Message)).ConfigureAwait(false);
            }
        });
        var inFlight = new MaxInFlightFilter(settings.MaxRequestsInFlight);
        app.Use(inFlight.InvokeAsync);

        app.MapGet("/version", context => HttpResponses.WriteJsonAsync(context, 200, DiscoveryDocuments.Version()));
        foreach (var health in (string[])["/healthz", "/livez", "/readyz"])
        {
            app.MapGet(health, context => HealthAsync(context, gateway));
            app.MapGet(health + "/{**check}", context => HealthAsync(context, gateway));
        }

        app.MapGet("/api", context => HttpResponses.WriteJsonAsync(context, 200, discovery.CoreVersions()));
        app.MapGet("/apis", context => HttpResponses.WriteJsonAsync(context, 200, discovery.Groups()));
        app.Map("/api/{**rest}", context => DispatchAsync(context, gateway, handler, discovery));
        app.Map("/apis/{**rest}", context => DispatchAsync(context, gateway, handler, discovery));
        OpenApiEndpoints.MapEndpoints(app, gateway.Registry);
        extraEndpoints?.Invoke(app);
        app.MapFallback(context => throw StatusException.NotFound($"the server could not find the requested resource ({context.Request.Method} {context.Request.Path})"));

        await app.StartAsync().ConfigureAwait(false);
        return new ApiServer(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task DispatchAsync(HttpContext context, ApiGateway gateway, ResourceRouter handler, DiscoveryDocuments discovery)
    {
        var info = RequestInfo.Parse(context.Request.Path.Value ?? "")
            ?? throw StatusException.NotFound("the server could not find the requested resource");
        if (info.Resource is null)
        {
            var document = info.Version is null
                ? (info.Group.Length == 0 ? discovery.CoreVersions() : discovery.Group(info.Group))
                : discovery.Resources(info.Group, info.Version);
            if (document is null || context.Request.Method != "GET")
            {
                throw StatusException.NotFound("the server could not find the requested resource");
            }

            await HttpResponses.WriteJsonAsync(context, 200, document).ConfigureAwait(false);
            return;
        }

        if (AccessReviews.Serves(info))
        {
            await AccessReviews.HandleAsync(context, info, UserInfo.Of(context), gateway.Settings.MaxBodyBytes).ConfigureAwait(false);
            return;
        }

        var type = gateway.Registry.Find(info.Group, info.Version!, info.Resource)
            ?? throw StatusException.NotFound($"the server could not find the requested resource ({info.Resource}{(info.Group.Length > 0 ? "." + info.Group : "")})");
        await handler.HandleAsync(context, info, type).ConfigureAwait(false);
    }

    /// <summary>/healthz, /livez, /readyz: "ok", or with ?verbose each check as Kubernetes lists them.</summary>
    private static async Task HealthAsync(HttpContext context, ApiGateway gateway)
    {
        var ready = gateway.Feeder.Ready.IsCompletedSuccessfully && !gateway.Feeder.Completion.IsFaulted;
        context.Response.StatusCode = ready ? 200 : 500;
        context.Response.ContentType = "text/plain; charset=utf-8";
        string body;
        if (context.Request.Query.ContainsKey("verbose"))
        {
            var endpoint = context.Request.Path.Value?.TrimStart('/').Split('/')[0] ?? "healthz";
            body = "[+]ping ok\n[+]log ok\n" + (ready ? "[+]watch-cache ok\n" : "[-]watch-cache failed: not ready\n")
                + (ready ? $"{endpoint} check passed\n" : $"{endpoint} check failed\n");
        }
        else
        {
            body = ready ? "ok" : "[-]watch-cache failed: not ready";
        }

        await context.Response.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Health and version are public, as Kubernetes grants them to system:public-info-viewer.</summary>
    private static bool IsPublic(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/livez") || path.StartsWithSegments("/readyz") || path == "/version";

    private static bool Authenticated(HttpContext context, byte[] token)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        if (!header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = Encoding.UTF8.GetBytes(header[Bearer.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, token);
    }

    private static ValueTask<UserInfo?> AuthenticateServiceAccountAsync(HttpContext context, ServiceAccountTokenAuthenticator authenticator)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        return header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase)
            ? authenticator.AuthenticateAsync(header[Bearer.Length..].Trim(), context.RequestAborted)
            : ValueTask.FromResult<UserInfo?>(null);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogRequestFailed(ILogger logger, Exception exception, string method, PathString path);
}
