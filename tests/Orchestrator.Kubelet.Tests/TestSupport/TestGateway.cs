using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Api;
using Orchestrator.Api.Kinds;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Streaming;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Client;
using Orchestrator.Client.Security;

namespace Orchestrator.Kubelet.Tests.TestSupport;

/// <summary>
/// The gateway with the built-in kinds on an actor system of its own (a one-member cluster on the in-memory
/// journal, see <see cref="GatewaySystem"/>), behind real Kestrel on a loopback port over plain HTTP, and a
/// real <see cref="KubeClient"/> for it: what a kubelet talks to in a cluster, minus TLS. The simulator under
/// test runs in the test's own, local, actor system, as it runs in a process of its own.
/// </summary>
public sealed class TestGateway : IAsyncDisposable
{
    public const string Token = "kubelet-test-token";

    private TestGateway(ActorSystem system, ApiGateway gateway, ApiServer server, KubeClient client)
    {
        System = system;
        Gateway = gateway;
        Server = server;
        Client = client;
    }

    public ActorSystem System { get; }

    public ApiGateway Gateway { get; }

    public ApiServer Server { get; }

    public KubeClient Client { get; }

    /// <param name="pki">Serve HTTPS with this cluster PKI's serving certificate (kubectl sends tokens over HTTPS only); null: plain HTTP.</param>
    /// <param name="kubelets">How the gateway reaches kubelets for pods' log, exec, attach and portforward.</param>
    /// <param name="serviceClusterIpRange">Where Services get ClusterIPs; null: the gateway's default.</param>
    public static async Task<TestGateway> StartAsync(ClusterCertificates? pki = null, KubeletConnection? kubelets = null, string? serviceClusterIpRange = null)
    {
        var system = await GatewaySystem.StartAsync("gateway");
        var settings = new ApiSettings { Listen = new IPEndPoint(IPAddress.Loopback, FreePort()), PlainHttp = pki is null, ReadJournal = GatewaySystem.ReadJournal };
        if (serviceClusterIpRange is not null)
        {
            settings = settings with { ServiceClusterIpRange = serviceClusterIpRange };
        }
        var gateway = await ApiGateway.StartAsync(system, BuiltInResources.Register(new ResourceRegistry()), settings);
        var server = await ApiServer.StartAsync(gateway, Token, pki?.ServingCertificate, NullLoggerFactory.Instance, kubelets: kubelets);
        var client = new KubeClient(new KubeClientSettings { Server = server.Address, Token = Token, RequestTimeout = TimeSpan.FromSeconds(30), CertificateAuthorityPem = pki?.CaPem });
        return new TestGateway(system, gateway, server, client);
    }

    /// <summary>Another client of the same server: each simulator gets its own, as each process has its own.</summary>
    public KubeClient NewClient() => new(new KubeClientSettings { Server = Server.Address, Token = Token, RequestTimeout = TimeSpan.FromSeconds(30) });

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        await Gateway.DisposeAsync();
        await System.Terminate();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
