using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Api;
using Orchestrator.Api.Kinds;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Client;
using Orchestrator.Client.Security;

namespace Orchestrator.Controllers.Tests.TestSupport;

/// <summary>
/// The gateway with the built-in kinds on a test's actor system (a one-member cluster on the in-memory
/// journal, see <see cref="GatewaySystem"/>), behind real Kestrel on a loopback port over plain HTTP, and
/// a real <see cref="KubeClient"/> for it: what a controller talks to in a cluster, minus TLS (unless asked for:
/// kubectl sends its token over HTTPS only).
/// </summary>
public sealed class TestGateway : IAsyncDisposable
{
    public const string Token = "controller-test-token";

    private readonly ClusterCertificates? _pki;

    private TestGateway(ApiGateway gateway, ApiServer server, KubeClient client, ClusterCertificates? pki = null)
    {
        _pki = pki;
        CaPem = pki?.CaPem;
        Gateway = gateway;
        Server = server;
        Client = client;
    }

    public ApiGateway Gateway { get; }

    public ApiServer Server { get; }

    public KubeClient Client { get; }

    /// <summary>The CA of the serving certificate when the gateway serves HTTPS, else null.</summary>
    public string? CaPem { get; }

    /// <summary>Joins <paramref name="system"/> (configured with <see cref="GatewaySystem.Config"/>) to itself and starts the gateway on it.</summary>
    /// <param name="https">Serve HTTPS with a certificate from a fresh CA (in a temporary directory) instead of plain HTTP.</param>
    /// <param name="serviceAccountKey">The key service-account tokens are signed and verified with; null: one of the gateway's own.</param>
    public static async Task<TestGateway> StartAsync(ActorSystem system, bool https = false, System.Security.Cryptography.AsymmetricAlgorithm? serviceAccountKey = null)
    {
        await GatewaySystem.JoinSelfAsync(system);
        var settings = new ApiSettings { Listen = new IPEndPoint(IPAddress.Loopback, FreePort()), PlainHttp = !https, ReadJournal = GatewaySystem.ReadJournal };
        // Kept until disposal: the server serves with its certificate.
        ClusterCertificates? pki = null;
        if (https)
        {
            // Read at once and not needed on disk afterwards.
            var dir = Directory.CreateTempSubdirectory("test-pki-");
            pki = ClusterCertificates.LoadOrCreate(dir.FullName, [], [IPAddress.Loopback]);
            dir.Delete(recursive: true);
        }

        var gateway = await ApiGateway.StartAsync(system, BuiltInResources.Register(new ResourceRegistry()), settings);
        var server = await ApiServer.StartAsync(gateway, Token, pki?.ServingCertificate, NullLoggerFactory.Instance,
            serviceAccountKey is null ? null : new Orchestrator.Api.Authentication.ServiceAccountTokens(gateway, serviceAccountKey));
        var client = new KubeClient(new KubeClientSettings { Server = server.Address, Token = Token, RequestTimeout = TimeSpan.FromSeconds(30), CertificateAuthorityPem = pki?.CaPem });
        return new TestGateway(gateway, server, client, pki);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        await Gateway.DisposeAsync();
        _pki?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
