using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Akka.Event;
using Orchestrator.Proxy.Endpoints;

namespace Orchestrator.Proxy.Forwarding;

/// <summary>
/// A TCP listener that splices each accepted connection to an endpoint: two copy loops on pooled buffers, one per
/// direction, each a kernel receive straight into the buffer and a kernel send straight out of it (no other copy),
/// with Nagle off on both sides so a small request is not held back. A half-close is passed on as a half-close, a
/// reset as a reset. An endpoint that refuses (or does not answer within the connect timeout) is skipped for this
/// connection and marked for the <see cref="EndpointSelector"/>; with none left the client is reset.
/// </summary>
public sealed class TcpForwarder : Forwarder
{
    private static readonly LingerOption Reset = new(true, 0);

    public TcpForwarder(ListenerKey key, ForwarderOptions options, EndpointSelector selector, Task addressReady)
        : base(key, options, selector, addressReady)
    {
    }

    /// <summary>Connections being forwarded now.</summary>
    public int Connections => Volatile.Read(ref _connections);

    private int _connections;

    protected override Socket Bind()
    {
        var socket = new Socket(Key.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(Key.Address);
            socket.Listen(512);
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
        while (true)
        {
            var client = await socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            _ = ForwardAsync(client);
        }
    }

    /// <summary>Connects an accepted client to an endpoint and copies both ways until both sides are done.</summary>
    public async Task ForwardAsync(Socket client)
    {
        ArgumentNullException.ThrowIfNull(client);
        Interlocked.Increment(ref _connections);
        Socket? backend = null;
        try
        {
            client.NoDelay = true;
            var clientIp = (client.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.Any;
            backend = await ConnectAsync(clientIp).ConfigureAwait(false);
            if (backend is null)
            {
                client.LingerState = Reset;
                return;
            }

            var up = CopyAsync(client, backend);
            var down = CopyAsync(backend, client);
            await Task.WhenAll(up, down).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The client went away before the endpoint was reached.
        }
        finally
        {
            backend?.Dispose();
            client.Dispose();
            Interlocked.Decrement(ref _connections);
        }
    }

    private async Task<Socket?> ConnectAsync(IPAddress clientIp)
    {
        HashSet<IPEndPoint>? tried = null;
        while (Selector.TryPick(clientIp, tried, out var endpoint))
        {
            var backend = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var timeout = new CancellationTokenSource(Options.ConnectTimeout);
                await backend.ConnectAsync(endpoint, timeout.Token).ConfigureAwait(false);
                return backend;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                backend.Dispose();
                Selector.MarkRefused(endpoint);
                (tried ??= []).Add(endpoint);
                Log.Debug("proxy: {0} -> {1} failed ({2}); trying another endpoint", Key, endpoint, e.Message);
            }
        }

        return null;
    }

    /// <summary>
    /// One direction: receive into a pooled buffer, send it on. End of stream is passed on as a half-close; a
    /// failure on either socket resets both, so each side sees what a direct connection would have shown it.
    /// </summary>
    private async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Options.BufferSize);
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Abort(from);
            Abort(to);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Abort(Socket socket)
    {
        try
        {
            socket.LingerState = Reset;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }

        socket.Dispose();
    }
}
