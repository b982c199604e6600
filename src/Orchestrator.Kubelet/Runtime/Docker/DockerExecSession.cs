using Docker.DotNet;
using Docker.DotNet.Models;

namespace Orchestrator.Kubelet.Runtime.Docker;

/// <summary>
/// An interactive exec over the engine's hijacked connection: stdin written raw, output demultiplexed
/// (or raw with a terminal), the exit code from the exec's inspect once the command has ended.
/// </summary>
internal sealed class DockerExecSession : IExecSession
{
    private readonly IDockerClient _client;
    private readonly string _execId;
    private readonly MultiplexedStream _stream;
    private readonly byte[] _buffer = new byte[32 * 1024];

    public DockerExecSession(IDockerClient client, string execId, MultiplexedStream stream, bool stdin)
    {
        _client = client;
        _execId = execId;
        _stream = stream;
        Stdin = stdin ? new ExecStdinStream(stream) : null;
    }

    public Stream? Stdin { get; }

    public async ValueTask<OutputChunk?> ReadOutputAsync(CancellationToken cancellationToken)
    {
        var result = await _stream.ReadOutputAsync(_buffer, 0, _buffer.Length, cancellationToken).ConfigureAwait(false);
        if (result.EOF)
        {
            return null;
        }

        var kind = result.Target == MultiplexedStream.TargetStream.StandardError ? OutputStream.Stderr : OutputStream.Stdout;
        return new OutputChunk(kind, _buffer.AsSpan(0, result.Count).ToArray());
    }

    public Task ResizeAsync(int width, int height, CancellationToken cancellationToken) =>
        _client.Exec.ResizeContainerExecTtyAsync(
            _execId,
            new ContainerResizeParameters { Width = width, Height = height },
            cancellationToken);

    public async Task<int> WaitAsync(CancellationToken cancellationToken) =>
        await DockerExecs.WaitExitCodeAsync(_client, _execId, cancellationToken).ConfigureAwait(false);

    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Writes go to the exec's stdin; disposing half-closes the connection, which the command reads as end-of-file.</summary>
    private sealed class ExecStdinStream(MultiplexedStream stream) : Stream
    {
        private bool _closed;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => !_closed;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) =>
            stream.WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            stream.WriteAsync(buffer, offset, count, cancellationToken);

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var array = buffer.ToArray();
            await stream.WriteAsync(array, 0, array.Length, cancellationToken).ConfigureAwait(false);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_closed)
            {
                _closed = true;
                stream.CloseWrite();
            }

            base.Dispose(disposing);
        }
    }
}
