using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Orchestrator.Proxy.Endpoints;

namespace Orchestrator.Proxy.Forwarding;

/// <summary>
/// A UDP listener. Each client address is a flow (what conntrack keeps for kube-proxy's DNAT): a socket connected
/// to the endpoint picked for its first datagram, whose replies go back to the client from the Service address.
/// A flow idle for the UDP idle timeout is forgotten, and so are flows to endpoints that left (kube-proxy clears
/// their conntrack entries); an endpoint answering with ICMP port unreachable is marked refused.
/// </summary>
public sealed class UdpForwarder : Forwarder
{
    // The largest UDP payload over IPv4.
    private const int MaxDatagram = 65507;

    private readonly ConcurrentDictionary<IPEndPoint, Flow> _flows = new();

    public UdpForwarder(ListenerKey key, ForwarderOptions options, EndpointSelector selector, Task addressReady)
        : base(key, options, selector, addressReady)
    {
    }

    /// <summary>Flows being forwarded now.</summary>
    public int Flows => _flows.Count;

    protected override Socket Bind()
    {
        var socket = new Socket(Key.Address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(Key.Address);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    protected override async Task ServeAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxDatagram];
        EndPoint any = new IPEndPoint(Key.Address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        using var sweeper = new PeriodicTimer(Options.UdpIdleTimeout / 2);
        _ = SweepAsync(sweeper, cancellationToken);
        try
        {
            while (true)
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
                var client = (IPEndPoint)received.RemoteEndPoint;
                var flow = _flows.TryGetValue(client, out var existing) && !existing.Closed ? existing : Open(socket, client);
                if (flow is null)
                {
                    continue;
                }

                flow.Touch();
                try
                {
                    await flow.Backend.SendAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    Close(flow, refused: true);
                }
            }
        }
        finally
        {
            foreach (var flow in _flows.Values)
            {
                Close(flow, refused: false);
            }
        }
    }

    protected override void OnUpdated(EndpointSnapshot snapshot)
    {
        foreach (var flow in _flows.Values.Where(f => !snapshot.Set.Contains(f.Endpoint)))
        {
            Close(flow, refused: false);
        }
    }

    private Flow? Open(Socket listener, IPEndPoint client)
    {
        HashSet<IPEndPoint>? tried = null;
        while (Selector.TryPick(client.Address, tried, out var endpoint))
        {
            var backend = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                backend.Connect(endpoint);
            }
            catch (SocketException)
            {
                backend.Dispose();
                Selector.MarkRefused(endpoint);
                (tried ??= []).Add(endpoint);
                continue;
            }

            var flow = new Flow(client, endpoint, backend);
            _flows[client] = flow;
            _ = RepliesAsync(listener, flow);
            return flow;
        }

        return null;
    }

    /// <summary>Sends the endpoint's replies back to the client, from the Service address.</summary>
    private async Task RepliesAsync(Socket listener, Flow flow)
    {
        var buffer = new byte[MaxDatagram];
        try
        {
            while (true)
            {
                var read = await flow.Backend.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                flow.Touch();
                await listener.SendToAsync(buffer.AsMemory(0, read), SocketFlags.None, flow.Client).ConfigureAwait(false);
            }
        }
        catch (SocketException e)
        {
            Close(flow, refused: e.SocketErrorCode == SocketError.ConnectionRefused);
        }
        catch (ObjectDisposedException)
        {
            // Closed: idle, its endpoint left, or the listener stopped.
        }
    }

    private async Task SweepAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var now = Environment.TickCount64;
                foreach (var flow in _flows.Values.Where(f => now - f.LastUsed > (long)Options.UdpIdleTimeout.TotalMilliseconds))
                {
                    Close(flow, refused: false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The listener closed.
        }
    }

    private void Close(Flow flow, bool refused)
    {
        if (refused)
        {
            Selector.MarkRefused(flow.Endpoint);
        }

        flow.Closed = true;
        _flows.TryRemove(new KeyValuePair<IPEndPoint, Flow>(flow.Client, flow));
        flow.Backend.Dispose();
    }

    private sealed class Flow(IPEndPoint client, IPEndPoint endpoint, Socket backend)
    {
        private long _lastUsed = Environment.TickCount64;

        public IPEndPoint Client { get; } = client;

        public IPEndPoint Endpoint { get; } = endpoint;

        public Socket Backend { get; } = backend;

        public long LastUsed => Volatile.Read(ref _lastUsed);

        public volatile bool Closed;

        public void Touch() => Volatile.Write(ref _lastUsed, Environment.TickCount64);
    }
}
