using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Orchestrator.Kubelet.Server.Spdy;

namespace Orchestrator.Kubelet.Server;

/// <summary>
/// Kubernetes' port-forward protocol (portforward.k8s.io) on a SPDY connection: for each forwarded connection the
/// client opens an error stream and a data stream carrying the same <c>port</c> and <c>requestid</c> headers; the
/// kubelet dials the pod's IP at that port and copies bytes between the data stream and the socket, and writes a
/// failure (the dial refused, the port invalid) to the error stream.
/// </summary>
public sealed class PortForwarder(LocatedPod pod, TimeSpan dialTimeout)
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, (SpdyStream? Error, SpdyStream? Data)> _pairs = new();

    public Task AcceptAsync(SpdyStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var type = stream.Headers.GetValueOrDefault("streamtype");
        var request = stream.Headers.GetValueOrDefault("requestid") ?? stream.Headers.GetValueOrDefault("port") ?? "";
        var pair = _pairs.AddOrUpdate(
            request,
            _ => type == "error" ? (stream, null) : (null, stream),
            (_, existing) => type == "error" ? (stream, existing.Data) : (existing.Error, stream));
        if (pair is not ({ } error, { } data))
        {
            return Task.CompletedTask;
        }

        _pairs.TryRemove(request, out _);
        return ForwardAsync(error, data, cancellationToken);
    }

    private async Task ForwardAsync(SpdyStream error, SpdyStream data, CancellationToken cancellationToken)
    {
        try
        {
            if (!ushort.TryParse(data.Headers.GetValueOrDefault("port"), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port == 0)
            {
                await FailAsync(error, data, $"invalid port \"{data.Headers.GetValueOrDefault("port")}\"", cancellationToken).ConfigureAwait(false);
                return;
            }

            if (pod.Ip is null || !IPAddress.TryParse(pod.Ip, out var address))
            {
                await FailAsync(error, data, $"error forwarding port {port} to pod {pod.Name}, uid {pod.Uid}: the pod has no IP yet", cancellationToken).ConfigureAwait(false);
                return;
            }

            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                using var dial = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                dial.CancelAfter(dialTimeout);
                await socket.ConnectAsync(new IPEndPoint(address, port), dial.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                await FailAsync(error, data, $"error forwarding port {port} to pod {pod.Name}, uid {pod.Uid}: failed to connect to {address}:{port}: {e.Message}", cancellationToken).ConfigureAwait(false);
                return;
            }

            using var copying = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var toPod = CopyToPodAsync(data, socket, copying.Token);
            var fromPod = CopyFromPodAsync(socket, data, copying.Token);

            // As containerd's port forward does: once one direction has ended, the other gets a second to finish, then
            // both streams are closed. kubectl's SPDY client (1.27 and older) closes its local connection only once the
            // error stream has ended, so waiting for both directions would hang a client that waits for the pod's close
            // (an HTTP response without Content-Length) forever.
            await Task.WhenAny(toPod, fromPod).ConfigureAwait(false);
            await Task.WhenAny(Task.WhenAll(toPod, fromPod), Task.Delay(DrainTimeout, cancellationToken)).ConfigureAwait(false);
            await copying.CancelAsync().ConfigureAwait(false);
            await data.CloseAsync(cancellationToken).ConfigureAwait(false);
            await error.CloseAsync(cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(toPod, fromPod).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client or the connection went away mid-copy.
        }
    }

    private static async Task CopyToPodAsync(SpdyStream data, Socket socket, CancellationToken cancellationToken)
    {
        while (true)
        {
            var chunk = await data.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (chunk.IsEmpty)
            {
                // The client's end of stream is the pod's end of input.
                socket.Shutdown(SocketShutdown.Send);
                return;
            }

            await socket.SendAsync(chunk, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CopyFromPodAsync(Socket socket, SpdyStream data, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await data.WriteAsync(buffer.AsMemory(0, read).ToArray(), cancellationToken).ConfigureAwait(false);
        }

        await data.CloseAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task FailAsync(SpdyStream error, SpdyStream data, string message, CancellationToken cancellationToken)
    {
        await error.WriteAsync(Encoding.UTF8.GetBytes(message), cancellationToken).ConfigureAwait(false);
        await error.CloseAsync(cancellationToken).ConfigureAwait(false);
        await data.CloseAsync(cancellationToken).ConfigureAwait(false);
    }
}
