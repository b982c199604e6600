using System.Net;
using ARSoft.Tools.Net.Dns;

namespace Orchestrator.Proxy.Dns;

/// <summary>
/// The listening half of the cluster DNS: ARSoft.Tools.Net's <see cref="DnsServer"/> on UDP and TCP at each
/// address (the kube-dns ClusterIP, the node's host address), answering through one <see cref="ClusterDnsResponder"/>.
/// Queries are answered on the server's own threads from the responder's immutable snapshot, never through an
/// actor's mailbox; the <see cref="DnsServerActor"/> only replaces the snapshot.
/// </summary>
public sealed class ClusterDnsServer : IDisposable
{
    // ARSoft's timeouts: a UDP reply's send, a TCP client's idle time between queries (CoreDNS: 10 s idle).
    private const int SendTimeoutMs = 2000;
    private const int TcpKeepAliveMs = 10000;

    private readonly List<(IPEndPoint EndPoint, DnsServer Server)> _servers = [];
    private readonly Action<Exception>? _onError;

    public ClusterDnsServer(ClusterDnsResponder responder, Action<Exception>? onError = null)
    {
        ArgumentNullException.ThrowIfNull(responder);
        Responder = responder;
        _onError = onError;
    }

    public ClusterDnsResponder Responder { get; }

    public IReadOnlyList<IPEndPoint> EndPoints => [.. _servers.Select(s => s.EndPoint)];

    /// <summary>Starts answering at the address (UDP and TCP on its port).</summary>
    /// <exception cref="System.Net.Sockets.SocketException">The address cannot be bound (in use, not local, no permission).</exception>
    public void Listen(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var server = new DnsServer(new UdpServerTransport(endPoint, SendTimeoutMs), new TcpServerTransport(endPoint, SendTimeoutMs, TcpKeepAliveMs));
        server.QueryReceived += OnQueryAsync;
        server.ExceptionThrown += OnExceptionAsync;
        server.Start();
        _servers.Add((endPoint, server));
    }

    public void Dispose()
    {
        foreach (var (_, server) in _servers)
        {
            server.Stop();
        }

        _servers.Clear();
    }

    private async Task OnQueryAsync(object sender, QueryReceivedEventArgs e)
    {
        if (e.Query is DnsMessage query)
        {
            e.Response = await Responder.RespondAsync(query).ConfigureAwait(false);
        }
    }

    private Task OnExceptionAsync(object sender, ExceptionEventArgs e)
    {
        _onError?.Invoke(e.Exception);
        return Task.CompletedTask;
    }
}
