using System.Threading.Channels;

namespace Orchestrator.Kubelet.Runtime.Process;

/// <summary>
/// An interactive command in a container (kubectl exec) as a child process with piped streams. There is no terminal:
/// a Tty request gets plain pipes, with stderr sent as stdout as a terminal would merge them.
/// </summary>
public sealed class ProcessExecSession : IExecSession
{
    private readonly System.Diagnostics.Process _process;
    private readonly Channel<OutputChunk> _output = Channel.CreateBounded<OutputChunk>(64);
    private readonly Task _pumps;

    public ProcessExecSession(System.Diagnostics.Process process, ExecRequest request)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(request);
        _process = process;
        Stdin = request.Stdin ? process.StandardInput.BaseStream : null;
        if (!request.Stdin)
        {
            process.StandardInput.Close();
        }

        var stderrAs = request.Tty ? OutputStream.Stdout : OutputStream.Stderr;
        _pumps = Task.WhenAll(
            PumpAsync(process.StandardOutput.BaseStream, OutputStream.Stdout, request.Stdout || request.Tty),
            PumpAsync(process.StandardError.BaseStream, stderrAs, request.Stderr || request.Tty))
            .ContinueWith(_ => _output.Writer.TryComplete(), TaskScheduler.Default);
    }

    public Stream? Stdin { get; }

    public async ValueTask<OutputChunk?> ReadOutputAsync(CancellationToken cancellationToken)
    {
        while (await _output.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_output.Reader.TryRead(out var chunk))
            {
                return chunk;
            }
        }

        return null;
    }

    public Task ResizeAsync(int width, int height, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<int> WaitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended meanwhile.
        }

        _output.Writer.TryComplete();
        await _pumps.ConfigureAwait(false);
        _process.Dispose();
    }

    private async Task PumpAsync(Stream stream, OutputStream kind, bool wanted)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                if (wanted)
                {
                    await _output.Writer.WriteAsync(new OutputChunk(kind, buffer.AsSpan(0, read).ToArray())).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or ChannelClosedException)
        {
            // The session was disposed while the command still wrote.
        }
    }
}
