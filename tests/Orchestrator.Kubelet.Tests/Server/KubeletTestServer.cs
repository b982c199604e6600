using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Client.Security;
using Orchestrator.Kubelet.Server;

namespace Orchestrator.Kubelet.Tests.Server;

/// <summary>
/// A <see cref="KubeletServer"/> on a free loopback port with a fresh cluster CA, the fake runtime and pods a test
/// sets, and the API server's client certificate to call it with.
/// </summary>
public sealed class KubeletTestServer : IAsyncDisposable
{
    private KubeletTestServer(ClusterCertificates pki, X509Certificate2 serving, X509Certificate2 client, KubeletServer server, FakeStreamingRuntime runtime, FakeLocator locator)
    {
        Pki = pki;
        Serving = serving;
        ClientCertificate = client;
        Server = server;
        Runtime = runtime;
        Locator = locator;
    }

    public ClusterCertificates Pki { get; }

    public X509Certificate2 Serving { get; }

    public X509Certificate2 ClientCertificate { get; }

    public KubeletServer Server { get; }

    public FakeStreamingRuntime Runtime { get; }

    public FakeLocator Locator { get; }

    public int Port => Server.Address.Port;

    /// <summary>Starts on a fresh cluster PKI, which it owns and disposes.</summary>
    public static Task<KubeletTestServer> StartAsync() => StartAsync(NewPki());

    /// <summary>Starts on <paramref name="pki"/> (the gateway's, in end-to-end tests), which it disposes.</summary>
    public static async Task<KubeletTestServer> StartAsync(ClusterCertificates pki)
    {
        ArgumentNullException.ThrowIfNull(pki);
        var serving = CertificateIssuer.IssueServing(pki.Ca, "node-1", ["localhost"], [IPAddress.Loopback]);
        var client = CertificateIssuer.IssueClient(pki.Ca, KubeletClientCertificate.CommonName);
        var runtime = new FakeStreamingRuntime();
        var locator = new FakeLocator();
        var options = new KubeletServerOptions { Listen = new IPEndPoint(IPAddress.Loopback, FreePort()), ServingCertificate = serving, ClusterCa = pki.Ca };
        var server = await KubeletServer.StartAsync(options, runtime, locator, NullLoggerFactory.Instance);
        return new KubeletTestServer(pki, serving, client, server, runtime, locator);
    }

    /// <summary>An HTTP client that trusts the cluster CA and presents <paramref name="certificate"/> (null: none).</summary>
    public HttpClient Client(X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => cert is X509Certificate2 c && KubeletServer.IssuedBy(c, Pki.Ca);
        if (certificate is not null)
        {
            handler.SslOptions.ClientCertificates = [certificate];
        }

        return new HttpClient(handler) { BaseAddress = Server.Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task<ClientWebSocket> ConnectAsync(string pathAndQuery, params string[] protocols)
    {
        var socket = new ClientWebSocket();
        socket.Options.ClientCertificates = [ClientCertificate];
        socket.Options.RemoteCertificateValidationCallback = (_, cert, _, _) => cert is X509Certificate2 c && KubeletServer.IssuedBy(c, Pki.Ca);
        foreach (var protocol in protocols)
        {
            socket.Options.AddSubProtocol(protocol);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(new Uri($"wss://127.0.0.1:{Port}{pathAndQuery}"), timeout.Token);
        return socket;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Serving.Dispose();
        ClientCertificate.Dispose();
        Pki.Dispose();
    }

    public static ClusterCertificates NewPki()
    {
        var dir = Directory.CreateTempSubdirectory("kubelet-pki-");
        var pki = ClusterCertificates.LoadOrCreate(dir.FullName, [], [IPAddress.Loopback]);
        dir.Delete(recursive: true);
        return pki;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
