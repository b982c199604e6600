using System.Buffers.Binary;
using System.Collections.Concurrent;

namespace Orchestrator.Kubelet.Server.Spdy;

/// <summary>
/// The server side of a SPDY/3.1 connection (draft 3.1), as Kubernetes' streaming protocols use it: the client opens
/// streams (SYN_STREAM), the server accepts each with a SYN_REPLY, both send DATA frames and end their side with a
/// FIN; PINGs are echoed, GOAWAY ends the connection. Written here because .NET has no SPDY; only what port-forward
/// needs: no server-initiated streams, no priorities, and no flow control (Kubernetes' spdystream peer sends none).
/// </summary>
public sealed class SpdyConnection : IDisposable
{
    private const ushort Version = 3;
    private const ushort SynStream = 1;
    private const ushort SynReply = 2;
    private const ushort RstStream = 3;
    private const ushort Ping = 6;
    private const ushort GoAway = 7;
    private const byte FlagFin = 1;

    // Bigger DATA frames are split: the peer buffers a frame whole.
    private const int MaxDataFrame = 32 * 1024;

    private readonly Stream _transport;
    private readonly SpdyHeaderCodec _headers = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<uint, SpdyStream> _streams = new();

    public SpdyConnection(Stream transport)
    {
        _transport = transport;
    }

    /// <summary>Reads frames until the client goes away, handing each new stream to <paramref name="accepted"/> after replying to it.</summary>
    public async Task RunAsync(Func<SpdyStream, Task> accepted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        var header = new byte[8];
        try
        {
            while (await ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false))
            {
                var length = (header[5] << 16) | (header[6] << 8) | header[7];
                var flags = header[4];
                var payload = new byte[length];
                if (length > 0 && !await ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }

                if ((header[0] & 0x80) == 0)
                {
                    var id = BinaryPrimitives.ReadUInt32BigEndian(header) & 0x7FFFFFFF;
                    if (_streams.TryGetValue(id, out var stream))
                    {
                        if (length > 0)
                        {
                            stream.Received(payload);
                        }

                        if ((flags & FlagFin) != 0)
                        {
                            stream.RemoteClosed();
                        }
                    }

                    continue;
                }

                var type = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2));
                switch (type)
                {
                    case SynStream:
                        var streamId = BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7FFFFFFF;
                        var stream = new SpdyStream(this, streamId, _headers.Decode(payload.AsSpan(10)));
                        _streams[streamId] = stream;
                        if ((flags & FlagFin) != 0)
                        {
                            stream.RemoteClosed();
                        }

                        await SendControlAsync(SynReply, 0, Concat(Id(streamId), _headers.Encode(new Dictionary<string, string>())), cancellationToken).ConfigureAwait(false);
                        _ = accepted(stream);
                        break;
                    case RstStream:
                        if (_streams.TryRemove(BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7FFFFFFF, out var reset))
                        {
                            reset.RemoteClosed();
                        }

                        break;
                    case Ping:
                        await SendControlAsync(Ping, 0, payload, cancellationToken).ConfigureAwait(false);
                        break;
                    case GoAway:
                        return;
                    default:
                        // SETTINGS, WINDOW_UPDATE, HEADERS: nothing port-forward needs.
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidDataException or OperationCanceledException)
        {
            // The client went away or spoke garbage: the connection ends.
        }
        finally
        {
            foreach (var stream in _streams.Values)
            {
                stream.RemoteClosed();
            }
        }
    }

    public void Dispose()
    {
        _headers.Dispose();
        _writeLock.Dispose();
    }

    internal async Task SendDataAsync(uint streamId, ReadOnlyMemory<byte> data, bool fin, CancellationToken cancellationToken)
    {
        do
        {
            var chunk = data[..Math.Min(data.Length, MaxDataFrame)];
            data = data[chunk.Length..];
            var frame = new byte[8 + chunk.Length];
            BinaryPrimitives.WriteUInt32BigEndian(frame, streamId & 0x7FFFFFFF);
            frame[4] = fin && data.IsEmpty ? FlagFin : (byte)0;
            WriteLength(frame, chunk.Length);
            chunk.Span.CopyTo(frame.AsSpan(8));
            await WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        while (!data.IsEmpty);
    }

    private Task SendControlAsync(ushort type, byte flags, byte[] payload, CancellationToken cancellationToken)
    {
        var frame = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, 0x8000 | Version);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), type);
        frame[4] = flags;
        WriteLength(frame, payload.Length);
        payload.CopyTo(frame, 8);
        return WriteAsync(frame, cancellationToken);
    }

    private async Task WriteAsync(byte[] frame, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _transport.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            await _transport.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            await _transport.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }

    private static void WriteLength(byte[] frame, int length)
    {
        frame[5] = (byte)(length >> 16);
        frame[6] = (byte)(length >> 8);
        frame[7] = (byte)length;
    }

    private static byte[] Id(uint id)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, id & 0x7FFFFFFF);
        return bytes;
    }

    private static byte[] Concat(byte[] a, byte[] b) => [.. a, .. b];
}
