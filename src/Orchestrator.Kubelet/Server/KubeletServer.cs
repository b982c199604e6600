using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Kubelet.Runtime;

namespace Orchestrator.Kubelet.Server;

/// <summary>
/// The kubelet's HTTPS endpoint (port 10250), through which the API server serves pods/log, exec, attach and
/// portforward: GET /containerLogs/{ns}/{pod}/{container}, /exec/{ns}/{pod}/{container}, /attach/{ns}/{pod}/{container},
/// /portForward/{ns}/{pod}.
/// <para>
/// Authentication: TLS with a serving certificate signed by the cluster CA, and a client certificate required on
/// every request — issued by the cluster CA with the common name <see cref="KubeletClientCertificate.CommonName"/>,
/// which only the control plane (holder of the CA key) can issue. No certificate: 401; another name: 403.
/// </para>
/// </summary>
public sealed partial class KubeletServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private KubeletServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<KubeletServer> StartAsync(
        KubeletServerOptions options, IContainerRuntime runtime, IPodContainerLocator locator, ILoggerFactory loggerFactory, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(locator);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var clock = time ?? TimeProvider.System;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton<IHostLifetime, NoHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(options.Listen, listen =>
            {
                // HTTP/1.1 only: streams are WebSocket upgrades.
                listen.Protocols = HttpProtocols.Http1;
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = options.ServingCertificate;
                    https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    https.ClientCertificateValidation = (certificate, _, _) => IssuedBy(certificate, options.ClusterCa);
                });
            });
        });
        var app = builder.Build();
        var log = loggerFactory.CreateLogger<KubeletServer>();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Use(async (context, next) =>
        {
            try
            {
                var client = context.Connection.ClientCertificate
                    ?? throw new KubeletRequestException(401, "Unauthorized", "Unauthorized");
                if (client.GetNameInfo(X509NameType.SimpleName, forIssuer: false) != options.ApiServerClientName)
                {
                    throw new KubeletRequestException(403, "Forbidden", $"user \"{client.GetNameInfo(X509NameType.SimpleName, false)}\" may not use the kubelet API");
                }

                await next(context).ConfigureAwait(false);
            }
            catch (KubeletRequestException e)
            {
                await WriteErrorAsync(context, e.Code, e.Reason, e.Message).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away.
            }
            catch (Exception e)
            {
                LogRequestFailed(log, e, context.Request.Method, context.Request.Path);
                await WriteErrorAsync(context, 500, "InternalError", e.Message).ConfigureAwait(false);
            }
        });

        app.MapGet("/containerLogs/{namespace}/{pod}/{container}", context => ContainerLogsEndpoint.ServeAsync(context, runtime, locator, clock));
        foreach (var method in (string[])["GET", "POST"])
        {
            app.MapMethods("/exec/{namespace}/{pod}/{container}", [method], context => ExecEndpoint.ServeAsync(context, runtime, locator, attach: false));
            app.MapMethods("/attach/{namespace}/{pod}/{container}", [method], context => ExecEndpoint.ServeAsync(context, runtime, locator, attach: true));
            app.MapMethods("/portForward/{namespace}/{pod}", [method], context => PortForwardEndpoint.ServeAsync(context, locator));
        }

        app.MapGet("/healthz", context => context.Response.WriteAsync("ok", context.RequestAborted));
        app.MapFallback(context => throw KubeletRequestException.NotFound($"the kubelet serves no {context.Request.Method} {context.Request.Path}"));

        await app.StartAsync().ConfigureAwait(false);
        var address = new Uri($"https://{options.Listen}");
        return new KubeletServer(app, address);
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

    /// <summary>Whether the certificate chains to the cluster CA (and to nothing else).</summary>
    public static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 ca)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        return chain.Build(certificate);
    }

    private static async Task WriteErrorAsync(HttpContext context, int code, string reason, string message)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(StreamStatus.Error(code, reason, message));
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "kubelet {Method} {Path} failed")]
    private static partial void LogRequestFailed(ILogger logger, Exception exception, string method, PathString path);

    /// <summary>The kubelet owns the process's lifetime: no Ctrl-C handling of the web host's own.</summary>
    private sealed class NoHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
