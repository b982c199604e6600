using System.Threading.Channels;

namespace Orchestrator.Kubelet.Server.Spdy;

/// <summary>One SPDY stream the client opened: its headers, what it sends (until its FIN), and a way to answer.</summary>
public sealed class SpdyStream
{
    private readonly SpdyConnection _connection;
    private readonly Channel<ReadOnlyMemory<byte>> _inbound = Channel.CreateUnbounded<ReadOnlyMemory<byte>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private int _closed;

    internal SpdyStream(SpdyConnection connection, uint id, IReadOnlyDictionary<string, string> headers)
    {
        _connection = connection;
        Id = id;
        Headers = headers;
    }

    public uint Id { get; }

    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The next bytes the client sent, or empty at its end of stream.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _inbound.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return ReadOnlyMemory<byte>.Empty;
        }
    }

    public Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        _connection.SendDataAsync(Id, data, fin: false, cancellationToken);

    /// <summary>Ends our side of the stream (a FIN). Idempotent.</summary>
    public Task CloseAsync(CancellationToken cancellationToken) =>
        Interlocked.Exchange(ref _closed, 1) == 0 ? _connection.SendDataAsync(Id, ReadOnlyMemory<byte>.Empty, fin: true, cancellationToken) : Task.CompletedTask;

    internal void Received(ReadOnlyMemory<byte> data) => _inbound.Writer.TryWrite(data);

    internal void RemoteClosed() => _inbound.Writer.TryComplete();
}
