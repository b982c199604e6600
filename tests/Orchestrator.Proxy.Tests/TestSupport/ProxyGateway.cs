using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Api;
using Orchestrator.Api.Kinds;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Client;

namespace Orchestrator.Proxy.Tests.TestSupport;

/// <summary>
/// The real gateway with the built-in kinds (a one-member cluster on the in-memory journal) behind Kestrel on a
/// loopback port, and a real client for it: what a proxy talks to in a cluster, minus TLS. Its Services get
/// ClusterIPs from a loopback range of the tests' own, which needs no interface and meets no running cluster's.
/// </summary>
public sealed class ProxyGateway : IAsyncDisposable
{
    public const string Token = "proxy-test-token";
    public const string ServiceRange = "127.97.0.0/16";

    private ProxyGateway(ActorSystem system, ApiGateway gateway, ApiServer server, KubeClient client)
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

    public static async Task<ProxyGateway> StartAsync()
    {
        var system = await GatewaySystem.StartAsync("gateway");
        var settings = new ApiSettings
        {
            Listen = new IPEndPoint(IPAddress.Loopback, FreePort()),
            PlainHttp = true,
            ReadJournal = GatewaySystem.ReadJournal,
            ServiceClusterIpRange = ServiceRange,
        };
        var gateway = await ApiGateway.StartAsync(system, BuiltInResources.Register(new ResourceRegistry()), settings);
        var server = await ApiServer.StartAsync(gateway, Token, null, NullLoggerFactory.Instance);
        var client = new KubeClient(new KubeClientSettings { Server = server.Address, Token = Token, RequestTimeout = TimeSpan.FromSeconds(30) });
        return new ProxyGateway(system, gateway, server, client);
    }

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
